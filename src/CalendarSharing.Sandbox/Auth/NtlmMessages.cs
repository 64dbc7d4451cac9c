using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace CalendarSharing.Sandbox.Auth
{
    /// <summary>The three NTLM messages of [MS-NLMP] section 2.2.1, as much as a server needs.</summary>
    internal static class NtlmMessages
    {
        public const uint NegotiateUnicode = 0x00000001;
        public const uint NegotiateOem = 0x00000002;
        public const uint RequestTarget = 0x00000004;
        public const uint NegotiateSign = 0x00000010;
        public const uint NegotiateSeal = 0x00000020;
        public const uint NegotiateNtlm = 0x00000200;
        public const uint NegotiateAlwaysSign = 0x00008000;
        public const uint TargetTypeDomain = 0x00010000;
        public const uint NegotiateExtendedSessionSecurity = 0x00080000;
        public const uint NegotiateTargetInfo = 0x00800000;
        public const uint NegotiateVersion = 0x02000000;
        public const uint Negotiate128 = 0x20000000;
        public const uint NegotiateKeyExchange = 0x40000000;
        public const uint Negotiate56 = 0x80000000;

        private static readonly byte[] Signature = Encoding.ASCII.GetBytes("NTLMSSP\0");

        /// <summary>The message type (1, 2 or 3) of a token, or 0 when it is not NTLM.</summary>
        public static int MessageType(byte[] token)
        {
            if (token.Length < 12)
            {
                return 0;
            }

            for (var i = 0; i < Signature.Length; i++)
            {
                if (token[i] != Signature[i])
                {
                    return 0;
                }
            }

            return (int)BitConverter.ToUInt32(token, 8);
        }

        public static uint NegotiateFlags(byte[] type1) => type1.Length >= 16 ? BitConverter.ToUInt32(type1, 12) : NegotiateUnicode;

        /// <summary>
        /// A CHALLENGE_MESSAGE: target name CONTOSO, the client's flags answered (Sign and Seal MUST be echoed,
        /// [MS-NLMP] 2.2.2.5; .NET's managed NTLM refuses a challenge without them), a fresh 8-byte server challenge, and
        /// target info with NetBIOS/DNS domain and computer names and a timestamp.
        /// </summary>
        public static byte[] BuildChallenge(uint clientFlags, out byte[] serverChallenge)
        {
            serverChallenge = new byte[8];
            using (var rng = RandomNumberGenerator.Create())
            {
                rng.GetBytes(serverChallenge);
            }

            var unicode = (clientFlags & NegotiateUnicode) != 0;
            var flags = NegotiateNtlm | RequestTarget | TargetTypeDomain | NegotiateTargetInfo | NegotiateVersion | NegotiateAlwaysSign |
                (unicode ? NegotiateUnicode : NegotiateOem) |
                (clientFlags & (NegotiateExtendedSessionSecurity | Negotiate128 | Negotiate56 | NegotiateKeyExchange | NegotiateSign | NegotiateSeal));

            var targetName = unicode ? Encoding.Unicode.GetBytes("CONTOSO") : Encoding.ASCII.GetBytes("CONTOSO");
            var targetInfo = BuildTargetInfo();

            const int headerLength = 56;
            using (var ms = new MemoryStream())
            using (var w = new BinaryWriter(ms))
            {
                w.Write(Signature);
                w.Write(2u);
                WriteBuffer(w, targetName.Length, headerLength);
                w.Write(flags);
                w.Write(serverChallenge);
                w.Write(new byte[8]); // Reserved
                WriteBuffer(w, targetInfo.Length, headerLength + targetName.Length);
                w.Write(new byte[] { 10, 0, 0x63, 0x45, 0, 0, 0, 15 }); // Version: 10.0 build 17763, NTLM revision 15
                w.Write(targetName);
                w.Write(targetInfo);
                w.Flush();
                return ms.ToArray();
            }
        }

        /// <summary>Reads user and domain from an AUTHENTICATE_MESSAGE; false when the message is malformed.</summary>
        public static bool TryParseAuthenticate(byte[] type3, out string domain, out string user)
        {
            domain = user = string.Empty;
            if (MessageType(type3) != 3 || type3.Length < 64)
            {
                return false;
            }

            var flags = BitConverter.ToUInt32(type3, 60);
            var encoding = (flags & NegotiateUnicode) != 0 ? Encoding.Unicode : Encoding.ASCII;
            if (!TryReadBuffer(type3, 28, encoding, out domain) || !TryReadBuffer(type3, 36, encoding, out user))
            {
                return false;
            }

            return user.Length > 0;
        }

        /// <summary>
        /// Checks the NTLMv2 response of an AUTHENTICATE_MESSAGE against a password ([MS-NLMP] 3.3.2):
        /// ResponseKeyNT = HMAC-MD5(MD4(UTF-16LE password), UTF-16LE(UPPER(user) + domain)), as the client sent user and
        /// domain; NTProofStr = HMAC-MD5(ResponseKeyNT, server challenge + client blob) must equal the response's first
        /// 16 bytes. NTLMv1 responses (24 bytes) and anonymous messages are refused.
        /// </summary>
        public static bool VerifyNtlmV2(byte[] type3, byte[] serverChallenge, string user, string domain, string password) =>
            VerifyNtlmV2(type3, serverChallenge, user, domain, password, out _);

        /// <summary>As above, also giving the SessionBaseKey = HMAC-MD5(ResponseKeyNT, NTProofStr) ([MS-NLMP] 3.3.2).</summary>
        public static bool VerifyNtlmV2(byte[] type3, byte[] serverChallenge, string user, string domain, string password, out byte[] sessionBaseKey)
        {
            sessionBaseKey = Array.Empty<byte>();
            int length = BitConverter.ToUInt16(type3, 20);
            var offset = (int)BitConverter.ToUInt32(type3, 24);
            if (length <= 24 || offset < 0 || offset + length > type3.Length)
            {
                return false;
            }

            var proof = new byte[16];
            Buffer.BlockCopy(type3, offset, proof, 0, 16);
            var blob = new byte[length - 16];
            Buffer.BlockCopy(type3, offset + 16, blob, 0, blob.Length);

            var ntHash = Md4.Hash(Encoding.Unicode.GetBytes(password));
            byte[] responseKey;
            using (var hmac = new HMACMD5(ntHash))
            {
                responseKey = hmac.ComputeHash(Encoding.Unicode.GetBytes(user.ToUpperInvariant() + domain));
            }

            var data = new byte[serverChallenge.Length + blob.Length];
            Buffer.BlockCopy(serverChallenge, 0, data, 0, serverChallenge.Length);
            Buffer.BlockCopy(blob, 0, data, serverChallenge.Length, blob.Length);
            byte[] expected;
            using (var hmac = new HMACMD5(responseKey))
            {
                expected = hmac.ComputeHash(data);
            }

            var difference = 0;
            for (var i = 0; i < 16; i++)
            {
                difference |= expected[i] ^ proof[i];
            }

            if (difference != 0)
            {
                return false;
            }

            using (var hmac = new HMACMD5(responseKey))
            {
                sessionBaseKey = hmac.ComputeHash(proof);
            }

            return true;
        }

        /// <summary>The NegotiateFlags of an AUTHENTICATE_MESSAGE (what the client finally chose).</summary>
        public static uint AuthenticateFlags(byte[] type3) => type3.Length >= 64 ? BitConverter.ToUInt32(type3, 60) : 0;

        /// <summary>The EncryptedRandomSessionKey of an AUTHENTICATE_MESSAGE (empty when absent or malformed).</summary>
        public static byte[] EncryptedRandomSessionKey(byte[] type3)
        {
            if (type3.Length < 60)
            {
                return Array.Empty<byte>();
            }

            int length = BitConverter.ToUInt16(type3, 52);
            var offset = (int)BitConverter.ToUInt32(type3, 56);
            if (length == 0 || offset < 0 || offset + length > type3.Length)
            {
                return Array.Empty<byte>();
            }

            var key = new byte[length];
            Buffer.BlockCopy(type3, offset, key, 0, length);
            return key;
        }

        private static byte[] BuildTargetInfo()
        {
            using (var ms = new MemoryStream())
            using (var w = new BinaryWriter(ms))
            {
                WriteAvPair(w, 2, "CONTOSO");             // MsvAvNbDomainName
                WriteAvPair(w, 1, "SANDBOX");             // MsvAvNbComputerName
                WriteAvPair(w, 4, "contoso.com");         // MsvAvDnsDomainName
                WriteAvPair(w, 3, "sandbox.contoso.com"); // MsvAvDnsComputerName
                WriteAvPair(w, 5, "contoso.com");         // MsvAvDnsTreeName
                w.Write((ushort)7);                       // MsvAvTimestamp
                w.Write((ushort)8);
                w.Write(DateTime.UtcNow.ToFileTimeUtc());
                w.Write((ushort)0);                       // MsvAvEOL
                w.Write((ushort)0);
                w.Flush();
                return ms.ToArray();
            }
        }

        private static void WriteAvPair(BinaryWriter w, ushort id, string value)
        {
            var bytes = Encoding.Unicode.GetBytes(value);
            w.Write(id);
            w.Write((ushort)bytes.Length);
            w.Write(bytes);
        }

        private static void WriteBuffer(BinaryWriter w, int length, int offset)
        {
            w.Write((ushort)length);
            w.Write((ushort)length);
            w.Write((uint)offset);
        }

        private static bool TryReadBuffer(byte[] message, int at, Encoding encoding, out string value)
        {
            value = string.Empty;
            int length = BitConverter.ToUInt16(message, at);
            var offset = (int)BitConverter.ToUInt32(message, at + 4);
            if (length == 0)
            {
                return true;
            }

            if (offset < 0 || offset + length > message.Length)
            {
                return false;
            }

            value = encoding.GetString(message, offset, length);
            return true;
        }
    }
}
