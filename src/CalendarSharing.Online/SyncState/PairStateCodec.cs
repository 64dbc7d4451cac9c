using System;
using System.IO;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CalendarSharing.Core.Sync;

namespace CalendarSharing.Online.SyncState
{
    /// <summary>
    /// A pair's state as stored in the table: its JSON (every public property of <see cref="PairSyncState"/>, so members
    /// added later travel too, except what the store itself fills in: lease holder, lease expiry, store version), gzipped.
    /// A pair mirroring 10,000 items is a few MB of JSON and a few hundred KB compressed.
    /// </summary>
    internal static class PairStateCodec
    {
        /// <summary>Written in the state row, so a later format can be told apart.</summary>
        public const string Format = "json+gzip/1";

        private static readonly JsonSerializerOptions Options = CreateOptions();

        public static byte[] Encode(PairSyncState state)
        {
            using var buffer = new MemoryStream();
            using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            {
                JsonSerializer.Serialize(gzip, state, Options);
            }

            return buffer.ToArray();
        }

        public static PairSyncState Decode(byte[] data)
        {
            using var buffer = new MemoryStream(data, writable: false);
            using var gzip = new GZipStream(buffer, CompressionMode.Decompress);
            return JsonSerializer.Deserialize<PairSyncState>(gzip, Options) ?? throw new InvalidDataException("The stored sync state is empty.");
        }

        private static JsonSerializerOptions CreateOptions()
        {
            var resolver = new DefaultJsonTypeInfoResolver();
            resolver.Modifiers.Add(info =>
            {
                if (info.Type != typeof(PairSyncState))
                {
                    return;
                }

                for (var i = info.Properties.Count - 1; i >= 0; i--)
                {
                    var name = info.Properties[i].Name;
                    if (name == nameof(PairSyncState.LeaseHolder) || name == nameof(PairSyncState.LeaseExpires) || name == nameof(PairSyncState.StoreVersion))
                    {
                        info.Properties.RemoveAt(i);
                    }
                }
            });

            var options = new JsonSerializerOptions
            {
                TypeInfoResolver = resolver,
                DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            };
            options.Converters.Add(new JsonStringEnumConverter());
            return options;
        }
    }
}
