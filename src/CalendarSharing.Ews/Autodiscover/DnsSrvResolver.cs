using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Ews.Autodiscover
{
    /// <summary>
    /// A small DNS client for SRV records (RFC 1035 message format, RFC 2782 SRV): one UDP query per configured name
    /// server (the machine's, from its network interfaces) until one answers. .NET has no SRV API, so this is the
    /// whole lookup; truncated answers (TC) are used as far as they go, there is no TCP retry and no DNSSEC.
    /// </summary>
    public sealed class DnsSrvResolver : ISrvResolver
    {
        private const ushort TypeSrv = 33;

        /// <summary>Name servers to ask; default: the DNS servers of the machine's up interfaces.</summary>
        public IReadOnlyList<IPEndPoint> Servers { get; set; } = SystemServers();

        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);

        public async Task<IReadOnlyList<SrvRecord>> ResolveAsync(string name, CancellationToken cancellationToken)
        {
            if (Servers.Count == 0)
            {
                throw new NotSupportedException("no DNS server is configured on this machine, so the SRV lookup was skipped");
            }

            var id = (ushort)new Random().Next(ushort.MaxValue);
            var query = BuildQuery(id, name);
            Exception? last = null;
            foreach (var server in Servers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    using (var udp = new UdpClient(server.AddressFamily))
                    {
                        await udp.SendAsync(query, query.Length, server).ConfigureAwait(false);
                        var receive = udp.ReceiveAsync();
                        var done = await Task.WhenAny(receive, Task.Delay(Timeout, cancellationToken)).ConfigureAwait(false);
                        cancellationToken.ThrowIfCancellationRequested();
                        if (done != receive)
                        {
                            last = new TimeoutException(Texts.Format(nameof(Texts.Error_DnsNoAnswer), server, Timeout.TotalSeconds));
                            continue;
                        }

                        var answer = await receive.ConfigureAwait(false);
                        return ParseAnswer(answer.Buffer, id);
                    }
                }
                catch (Exception ex) when (ex is SocketException || ex is FormatException || ex is InvalidDataException)
                {
                    last = ex;
                }
            }

            throw new InvalidOperationException("the SRV lookup failed: " + (last?.Message ?? "no answer"));
        }

        internal static byte[] BuildQuery(ushort id, string name)
        {
            using (var ms = new MemoryStream())
            {
                WriteUInt16(ms, id);
                WriteUInt16(ms, 0x0100); // standard query, recursion desired
                WriteUInt16(ms, 1);      // QDCOUNT
                WriteUInt16(ms, 0);
                WriteUInt16(ms, 0);
                WriteUInt16(ms, 0);
                foreach (var label in name.TrimEnd('.').Split('.'))
                {
                    var bytes = Encoding.ASCII.GetBytes(label);
                    if (bytes.Length == 0 || bytes.Length > 63)
                    {
                        throw new ArgumentException(Texts.Format(nameof(Texts.Error_NotADnsName), name), nameof(name));
                    }

                    ms.WriteByte((byte)bytes.Length);
                    ms.Write(bytes, 0, bytes.Length);
                }

                ms.WriteByte(0);
                WriteUInt16(ms, TypeSrv);
                WriteUInt16(ms, 1); // IN
                return ms.ToArray();
            }
        }

        /// <summary>The SRV records of a response; empty for NXDOMAIN or no answers; FormatException when malformed.</summary>
        internal static IReadOnlyList<SrvRecord> ParseAnswer(byte[] message, ushort id)
        {
            if (message.Length < 12 || ReadUInt16(message, 0) != id)
            {
                throw new FormatException("the DNS answer does not match the query");
            }

            var flags = ReadUInt16(message, 2);
            var rcode = flags & 0x000F;
            if (rcode == 3)
            {
                return Array.Empty<SrvRecord>(); // NXDOMAIN
            }

            if (rcode != 0)
            {
                throw new FormatException("the DNS server answered with error code " + rcode);
            }

            int questions = ReadUInt16(message, 4);
            int answers = ReadUInt16(message, 6);
            var at = 12;
            for (var i = 0; i < questions; i++)
            {
                ReadName(message, ref at);
                at += 4;
            }

            var records = new List<SrvRecord>();
            for (var i = 0; i < answers; i++)
            {
                ReadName(message, ref at);
                Need(message, at, 10);
                var type = ReadUInt16(message, at);
                int length = ReadUInt16(message, at + 8);
                at += 10;
                Need(message, at, length);
                if (type == TypeSrv && length >= 7)
                {
                    var data = at;
                    var priority = ReadUInt16(message, data);
                    var weight = ReadUInt16(message, data + 2);
                    var port = ReadUInt16(message, data + 4);
                    data += 6;
                    var target = ReadName(message, ref data);
                    records.Add(new SrvRecord(target, port, priority, weight));
                }

                at += length;
            }

            return records;
        }

        private static string ReadName(byte[] message, ref int at)
        {
            var labels = new List<string>();
            var position = at;
            var jumped = false;
            for (var hops = 0; hops < 64; hops++)
            {
                Need(message, position, 1);
                int length = message[position];
                if (length == 0)
                {
                    if (!jumped)
                    {
                        at = position + 1;
                    }

                    return string.Join(".", labels);
                }

                if ((length & 0xC0) == 0xC0)
                {
                    Need(message, position, 2);
                    var pointer = ((length & 0x3F) << 8) | message[position + 1];
                    if (!jumped)
                    {
                        at = position + 2;
                    }

                    jumped = true;
                    position = pointer;
                    continue;
                }

                Need(message, position + 1, length);
                labels.Add(Encoding.ASCII.GetString(message, position + 1, length));
                position += 1 + length;
            }

            throw new FormatException("a DNS name has too many compression pointers");
        }

        private static void Need(byte[] message, int at, int count)
        {
            if (at < 0 || at + count > message.Length)
            {
                throw new FormatException("the DNS answer is truncated");
            }
        }

        private static ushort ReadUInt16(byte[] b, int at) => (ushort)((b[at] << 8) | b[at + 1]);

        private static void WriteUInt16(Stream s, int value)
        {
            s.WriteByte((byte)(value >> 8));
            s.WriteByte((byte)value);
        }

        private static IReadOnlyList<IPEndPoint> SystemServers()
        {
            try
            {
                return NetworkInterface.GetAllNetworkInterfaces()
                    .Where(n => n.OperationalStatus == OperationalStatus.Up)
                    .SelectMany(n => n.GetIPProperties().DnsAddresses)
                    .Where(a => a.AddressFamily == AddressFamily.InterNetwork || a.AddressFamily == AddressFamily.InterNetworkV6)
                    .Distinct()
                    .Select(a => new IPEndPoint(a, 53))
                    .ToList();
            }
            catch (Exception ex) when (ex is NetworkInformationException || ex is PlatformNotSupportedException || ex is NotImplementedException)
            {
                return Array.Empty<IPEndPoint>();
            }
        }
    }
}
