using System;
using System.Collections.Generic;
using System.IO;

namespace CalendarSharing.Sandbox.Auth
{
    /// <summary>A NegTokenInit (RFC 4178 section 4.2.1), as a server reads it.</summary>
    internal sealed class NegTokenInit
    {
        public NegTokenInit(IReadOnlyList<string> mechTypes, byte[] mechTypesDer, byte[]? mechToken, byte[]? mechListMic)
        {
            MechTypes = mechTypes;
            MechTypesDer = mechTypesDer;
            MechToken = mechToken;
            MechListMic = mechListMic;
        }

        /// <summary>The mechanisms the client offers, most preferred first, as dotted OIDs.</summary>
        public IReadOnlyList<string> MechTypes { get; }

        /// <summary>The DER encoding of the MechTypeList: what both mechListMICs are computed over (section 5).</summary>
        public byte[] MechTypesDer { get; }

        /// <summary>The optimistic token of the first mechanism, if the client sent one.</summary>
        public byte[]? MechToken { get; }

        public byte[]? MechListMic { get; }
    }

    /// <summary>A NegTokenResp (RFC 4178 section 4.2.2).</summary>
    internal sealed class NegTokenResp
    {
        public NegTokenResp(int? negState, string? supportedMech, byte[]? responseToken, byte[]? mechListMic)
        {
            NegState = negState;
            SupportedMech = supportedMech;
            ResponseToken = responseToken;
            MechListMic = mechListMic;
        }

        public int? NegState { get; }

        public string? SupportedMech { get; }

        public byte[]? ResponseToken { get; }

        public byte[]? MechListMic { get; }
    }

    /// <summary>
    /// SPNEGO ([RFC 4178], as Windows speaks it in [MS-SPNG]) for HTTP Negotiate ([RFC 4559]): the client's first token
    /// is an InitialContextToken ([APPLICATION 0] with the SPNEGO OID and a NegTokenInit), later ones are bare
    /// NegTokenResp; the server answers NegTokenResp. Pure functions over bytes: DER with definite lengths only.
    /// </summary>
    internal static class Spnego
    {
        public const string SpnegoOid = "1.3.6.1.5.5.2";

        /// <summary>NTLMSSP, [MS-NLMP] 1.9.</summary>
        public const string NtlmOid = "1.3.6.1.4.1.311.2.2.10";

        public const int AcceptCompleted = 0;
        public const int AcceptIncomplete = 1;
        public const int Reject = 2;
        public const int RequestMic = 3;

        /// <summary>True when the token starts as an InitialContextToken or a NegTokenResp (not raw NTLM).</summary>
        public static bool LooksLikeSpnego(byte[] token) => token.Length > 2 && (token[0] == 0x60 || token[0] == 0xA1);

        /// <summary>Reads the client's first token; false when it is not a well-formed SPNEGO NegTokenInit.</summary>
        public static bool TryReadInit(byte[] token, out NegTokenInit? init)
        {
            init = null;
            try
            {
                var outer = new DerReader(token);
                var app = outer.Read(0x60);
                outer.End();
                var inner = new DerReader(app);
                if (DecodeOid(inner.Read(0x06)) != SpnegoOid)
                {
                    return false;
                }

                var choice = new DerReader(inner.Read(0xA0));
                inner.End();
                var sequence = new DerReader(choice.Read(0x30));
                choice.End();

                var mechTypesField = new DerReader(sequence.Read(0xA0));
                var mechTypesDer = mechTypesField.ReadRaw(0x30, out var mechList);
                mechTypesField.End();
                var mechs = new List<string>();
                var list = new DerReader(mechList);
                while (!list.AtEnd)
                {
                    mechs.Add(DecodeOid(list.Read(0x06)));
                }

                if (mechs.Count == 0)
                {
                    return false;
                }

                byte[]? mechToken = null, mic = null;
                if (sequence.Peek(0xA1))
                {
                    sequence.Read(0xA1); // reqFlags: ignored, as Windows does
                }

                if (sequence.Peek(0xA2))
                {
                    mechToken = ReadOctets(sequence.Read(0xA2));
                }

                if (sequence.Peek(0xA3))
                {
                    mic = ReadOctets(sequence.Read(0xA3));
                }

                sequence.End();
                init = new NegTokenInit(mechs, mechTypesDer, mechToken, mic);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }

        /// <summary>Reads a NegTokenResp (a client's continuation, or a server's answer in tests).</summary>
        public static bool TryReadResp(byte[] token, out NegTokenResp? resp)
        {
            resp = null;
            try
            {
                var outer = new DerReader(token);
                var choice = new DerReader(outer.Read(0xA1));
                outer.End();
                var sequence = new DerReader(choice.Read(0x30));
                choice.End();
                int? state = null;
                string? mech = null;
                byte[]? responseToken = null, mic = null;
                if (sequence.Peek(0xA0))
                {
                    var value = new DerReader(sequence.Read(0xA0)).Read(0x0A);
                    if (value.Length != 1)
                    {
                        return false;
                    }

                    state = value[0];
                }

                if (sequence.Peek(0xA1))
                {
                    mech = DecodeOid(new DerReader(sequence.Read(0xA1)).Read(0x06));
                }

                if (sequence.Peek(0xA2))
                {
                    responseToken = ReadOctets(sequence.Read(0xA2));
                }

                if (sequence.Peek(0xA3))
                {
                    mic = ReadOctets(sequence.Read(0xA3));
                }

                sequence.End();
                resp = new NegTokenResp(state, mech, responseToken, mic);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }

        /// <summary>Builds a NegTokenResp; absent fields are left out.</summary>
        public static byte[] BuildResp(int? negState, string? supportedMech, byte[]? responseToken, byte[]? mechListMic)
        {
            var fields = new MemoryStream();
            if (negState.HasValue)
            {
                Write(fields, 0xA0, Tlv(0x0A, new[] { (byte)negState.Value }));
            }

            if (supportedMech != null)
            {
                Write(fields, 0xA1, Tlv(0x06, EncodeOid(supportedMech)));
            }

            if (responseToken != null)
            {
                Write(fields, 0xA2, Tlv(0x04, responseToken));
            }

            if (mechListMic != null)
            {
                Write(fields, 0xA3, Tlv(0x04, mechListMic));
            }

            return Tlv(0xA1, Tlv(0x30, fields.ToArray()));
        }

        /// <summary>Builds a client's InitialContextToken (tests craft tokens with it).</summary>
        public static byte[] BuildInit(IEnumerable<string> mechTypes, byte[]? mechToken, byte[]? mechListMic = null)
        {
            var fields = new MemoryStream();
            Write(fields, 0xA0, EncodeMechTypes(mechTypes));
            if (mechToken != null)
            {
                Write(fields, 0xA2, Tlv(0x04, mechToken));
            }

            if (mechListMic != null)
            {
                Write(fields, 0xA3, Tlv(0x04, mechListMic));
            }

            var negTokenInit = Tlv(0xA0, Tlv(0x30, fields.ToArray()));
            var body = new MemoryStream();
            Write(body, 0x06, EncodeOid(SpnegoOid));
            body.Write(negTokenInit, 0, negTokenInit.Length);
            return Tlv(0x60, body.ToArray());
        }

        /// <summary>The DER MechTypeList (SEQUENCE OF OBJECT IDENTIFIER).</summary>
        public static byte[] EncodeMechTypes(IEnumerable<string> mechTypes)
        {
            var list = new MemoryStream();
            foreach (var mech in mechTypes)
            {
                Write(list, 0x06, EncodeOid(mech));
            }

            return Tlv(0x30, list.ToArray());
        }

        private static byte[] ReadOctets(byte[] explicitField)
        {
            var reader = new DerReader(explicitField);
            var value = reader.Read(0x04);
            reader.End();
            return value;
        }

        private static void Write(Stream stream, byte tag, byte[] content)
        {
            var tlv = Tlv(tag, content);
            stream.Write(tlv, 0, tlv.Length);
        }

        internal static byte[] Tlv(byte tag, byte[] content)
        {
            var ms = new MemoryStream();
            ms.WriteByte(tag);
            var length = content.Length;
            if (length < 0x80)
            {
                ms.WriteByte((byte)length);
            }
            else
            {
                var bytes = new List<byte>();
                for (var l = length; l > 0; l >>= 8)
                {
                    bytes.Insert(0, (byte)(l & 0xFF));
                }

                ms.WriteByte((byte)(0x80 | bytes.Count));
                ms.Write(bytes.ToArray(), 0, bytes.Count);
            }

            ms.Write(content, 0, content.Length);
            return ms.ToArray();
        }

        internal static string DecodeOid(byte[] value)
        {
            if (value.Length == 0)
            {
                throw new FormatException("Empty OID.");
            }

            var parts = new List<string> { (value[0] / 40).ToString(System.Globalization.CultureInfo.InvariantCulture), (value[0] % 40).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            long arc = 0;
            for (var i = 1; i < value.Length; i++)
            {
                arc = (arc << 7) | (long)(value[i] & 0x7F);
                if (arc > uint.MaxValue)
                {
                    throw new FormatException("OID arc too large.");
                }

                if ((value[i] & 0x80) == 0)
                {
                    parts.Add(arc.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    arc = 0;
                }
                else if (i == value.Length - 1)
                {
                    throw new FormatException("Truncated OID.");
                }
            }

            return string.Join(".", parts);
        }

        internal static byte[] EncodeOid(string oid)
        {
            var arcs = Array.ConvertAll(oid.Split('.'), a => uint.Parse(a, System.Globalization.CultureInfo.InvariantCulture));
            var ms = new MemoryStream();
            ms.WriteByte((byte)(arcs[0] * 40 + arcs[1]));
            for (var i = 2; i < arcs.Length; i++)
            {
                var chunk = new List<byte>();
                var v = arcs[i];
                chunk.Insert(0, (byte)(v & 0x7F));
                for (v >>= 7; v > 0; v >>= 7)
                {
                    chunk.Insert(0, (byte)(0x80 | (v & 0x7F)));
                }

                ms.Write(chunk.ToArray(), 0, chunk.Count);
            }

            return ms.ToArray();
        }

        /// <summary>Reads DER TLVs from a buffer; any malformation is a FormatException.</summary>
        private sealed class DerReader
        {
            private readonly byte[] data;
            private int position;

            public DerReader(byte[] data)
            {
                this.data = data;
            }

            public bool AtEnd => position >= data.Length;

            public bool Peek(byte tag) => position < data.Length && data[position] == tag;

            public byte[] Read(byte tag)
            {
                ReadRaw(tag, out var content);
                return content;
            }

            /// <summary>Reads one TLV with <paramref name="tag"/>; returns the whole TLV and gives its content.</summary>
            public byte[] ReadRaw(byte tag, out byte[] content)
            {
                var start = position;
                if (position >= data.Length || data[position] != tag)
                {
                    throw new FormatException("Expected tag 0x" + tag.ToString("X2", System.Globalization.CultureInfo.InvariantCulture) + ".");
                }

                position++;
                if (position >= data.Length)
                {
                    throw new FormatException("Truncated length.");
                }

                int length = data[position++];
                if (length == 0x80)
                {
                    throw new FormatException("Indefinite lengths are not DER.");
                }

                if (length > 0x80)
                {
                    var count = length & 0x7F;
                    if (count > 3 || position + count > data.Length)
                    {
                        throw new FormatException("Bad length.");
                    }

                    length = 0;
                    for (var i = 0; i < count; i++)
                    {
                        length = (length << 8) | data[position++];
                    }
                }

                if (length > data.Length - position)
                {
                    throw new FormatException("Length past the end.");
                }

                content = new byte[length];
                Buffer.BlockCopy(data, position, content, 0, length);
                position += length;
                var raw = new byte[position - start];
                Buffer.BlockCopy(data, start, raw, 0, raw.Length);
                return raw;
            }

            public void End()
            {
                if (position != data.Length)
                {
                    throw new FormatException("Trailing bytes.");
                }
            }
        }
    }
}
