using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;

namespace CalendarSharing.Sandbox.Ews
{
    /// <summary>
    /// The body of a GetStreamingEvents answer as Exchange sends it: one HTTP 200 response with Transfer-Encoding chunked,
    /// made of whole SOAP envelopes one after another, each a GetStreamingEventsResponse with either notifications or a
    /// ConnectionStatus (OK heartbeat, Closed at the end), each written and flushed as its own chunk
    /// (https://learn.microsoft.com/exchange/client-developer/exchange-web-services/how-to-stream-notifications-about-mailbox-events-by-using-ews-in-exchange,
    /// https://learn.microsoft.com/exchange/client-developer/web-service-reference/connectionstatus).
    /// The reader gets the parts as they are made (CreateContentReadStreamAsync is not buffered), in process and on
    /// SandboxHost, which reads that stream with the request's abort token and flushes each part. Every part is checked against the schemas in strict mode, with
    /// one exemption: notifications are m:Notification, as real servers send them and the EWS Managed API reads them,
    /// where messages.xsd/types.xsd say t:Notification (the check renames it first).
    /// </summary>
    internal sealed class StreamingEnvelopeContent : HttpContent
    {
        private static readonly XNamespace M = EwsNames.M;
        private static readonly XNamespace T = EwsNames.T;

        private readonly SandboxOrganization org;
        private readonly StreamingConnection connection;

        public StreamingEnvelopeContent(SandboxOrganization org, StreamingConnection connection)
        {
            this.org = org;
            this.connection = connection;
            Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = "utf-8" };
        }

        /// <summary>The response payload (GetStreamingEventsResponse) of one part.</summary>
        public static XElement Render(StreamingPart part)
        {
            var message = SoapWriter.Success("GetStreamingEventsResponseMessage");
            if (part.ConnectionStatus != null)
            {
                message.Add(new XElement(M + "ConnectionStatus", part.ConnectionStatus));
            }
            else
            {
                message.Add(new XElement(M + "Notifications", part.Events.Select(p =>
                    new XElement(M + "Notification",
                        new XElement(T + "SubscriptionId", p.Subscription.Id),
                        p.Events.Select(e => new XElement(T + e.EventType,
                            new XElement(T + "Watermark", Convert.ToBase64String(BitConverter.GetBytes(e.Watermark))),
                            new XElement(T + "TimeStamp", e.TimeUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)),
                            new XElement(T + "ItemId", new XAttribute("Id", e.ItemId)),
                            new XElement(T + "ParentFolderId", new XAttribute("Id", e.Folder.Id), new XAttribute("ChangeKey", e.Folder.CurrentChangeKey))))))));
            }

            return new XElement(M + "GetStreamingEventsResponse", new XElement(M + "ResponseMessages", message));
        }

        /// <summary>The bytes of the next part, or null when the response is over; IOException when the connection was dropped.</summary>
        internal async Task<byte[]?> NextChunkAsync(CancellationToken cancellationToken)
        {
            var part = await connection.NextAsync(cancellationToken).ConfigureAwait(false);
            if (part is null)
            {
                connection.Dispose();
                return null;
            }

            var document = SoapWriter.Envelope(Render(part), org.Options.ServerVersion);
            if (org.Validator != null)
            {
                var check = new XDocument(document);
                foreach (var n in check.Descendants(M + "Notification").ToList())
                {
                    n.Name = T + "Notification";
                }

                org.RecordViolations("response GetStreamingEventsResponse", org.Validator.ValidateEnvelope(check));
            }

            return SoapWriter.ToBytes(document);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => WriteAllAsync(stream, CancellationToken.None);

        private async Task WriteAllAsync(Stream stream, CancellationToken cancellationToken)
        {
            try
            {
                while (await NextChunkAsync(cancellationToken).ConfigureAwait(false) is byte[] chunk)
                {
                    await stream.WriteAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false);
                    await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                connection.Dispose();
            }
        }

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new PartStream(this));

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                connection.Dispose();
            }

            base.Dispose(disposing);
        }

        /// <summary>The reader's side in process: each read takes from the current part, and waits for the next when it is used up.</summary>
        private sealed class PartStream : Stream
        {
            private readonly StreamingEnvelopeContent owner;
            private byte[] current = Array.Empty<byte>();
            private int position;
            private bool ended;

            public PartStream(StreamingEnvelopeContent owner)
            {
                this.owner = owner;
            }

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position
            {
                get => throw new NotSupportedException();
                set => throw new NotSupportedException();
            }

            public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                while (position >= current.Length)
                {
                    if (ended)
                    {
                        return 0;
                    }

                    var next = await owner.NextChunkAsync(cancellationToken).ConfigureAwait(false);
                    if (next is null)
                    {
                        ended = true;
                        return 0;
                    }

                    current = next;
                    position = 0;
                }

                var n = Math.Min(count, current.Length - position);
                Buffer.BlockCopy(current, position, buffer, offset, n);
                position += n;
                return n;
            }

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    owner.connection.Dispose();
                }

                base.Dispose(disposing);
            }
        }
    }
}
