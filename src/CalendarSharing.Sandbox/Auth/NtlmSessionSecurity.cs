using System;
using System.Security.Cryptography;
using System.Text;

namespace CalendarSharing.Sandbox.Auth
{
    /// <summary>
    /// NTLM message signatures ([MS-NLMP] 3.4.4.2, extended session security), as much as SPNEGO's mechListMIC needs
    /// (RFC 4178 section 5; [MS-SPNG] 3.2.5.1): the client signs the DER MechTypeList with its signing key, the server
    /// checks that and answers with its own signature over the same bytes, both with sequence number 0.
    /// Keys ([MS-NLMP] 3.4.5): KeyExchangeKey = SessionBaseKey (NTLMv2); with NEGOTIATE_KEY_EXCH the ExportedSessionKey
    /// is RC4(KeyExchangeKey, EncryptedRandomSessionKey); SignKey = MD5(key + magic); SealKey = MD5(key, cut to
    /// 128/56/40 bits, + magic); with KEY_EXCH the 8-byte checksum is RC4-encrypted with the sender's sealing handle.
    /// </summary>
    internal sealed class NtlmSessionSecurity
    {
        private const string ClientSignMagic = "session key to client-to-server signing key magic constant\0";
        private const string ServerSignMagic = "session key to server-to-client signing key magic constant\0";
        private const string ClientSealMagic = "session key to client-to-server sealing key magic constant\0";
        private const string ServerSealMagic = "session key to server-to-client sealing key magic constant\0";

        private readonly uint flags;
        private readonly byte[] clientSignKey;
        private readonly byte[] serverSignKey;
        private readonly Rc4 clientSeal;
        private readonly Rc4 serverSeal;

        private NtlmSessionSecurity(uint flags, byte[] exportedSessionKey)
        {
            this.flags = flags;
            clientSignKey = Md5(exportedSessionKey, ClientSignMagic);
            serverSignKey = Md5(exportedSessionKey, ServerSignMagic);
            var sealBase = (flags & NtlmMessages.Negotiate128) != 0 ? exportedSessionKey
                : Cut(exportedSessionKey, (flags & NtlmMessages.Negotiate56) != 0 ? 7 : 5);
            clientSeal = new Rc4(Md5(sealBase, ClientSealMagic));
            serverSeal = new Rc4(Md5(sealBase, ServerSealMagic));
        }

        /// <summary>
        /// The keys of a verified AUTHENTICATE_MESSAGE; null when the client did not negotiate extended session security
        /// (NTLMv1-style signatures are not offered).
        /// </summary>
        public static NtlmSessionSecurity? Create(byte[] type3, byte[] sessionBaseKey)
        {
            var flags = NtlmMessages.AuthenticateFlags(type3);
            if ((flags & NtlmMessages.NegotiateExtendedSessionSecurity) == 0 || sessionBaseKey.Length != 16)
            {
                return null;
            }

            var exported = sessionBaseKey;
            if ((flags & NtlmMessages.NegotiateKeyExchange) != 0)
            {
                var encrypted = NtlmMessages.EncryptedRandomSessionKey(type3);
                if (encrypted.Length != 16)
                {
                    return null;
                }

                exported = new Rc4(sessionBaseKey).Transform(encrypted);
            }

            return new NtlmSessionSecurity(flags, exported);
        }

        /// <summary>Checks a client's signature (the first it sends) over <paramref name="message"/>.</summary>
        public bool VerifyClientSignature(byte[] message, byte[] signature)
        {
            if (signature.Length != 16)
            {
                return false;
            }

            var expected = Sign(clientSignKey, clientSeal, message);
            var difference = 0;
            for (var i = 0; i < 16; i++)
            {
                difference |= expected[i] ^ signature[i];
            }

            return difference == 0;
        }

        /// <summary>The server's first signature over <paramref name="message"/>.</summary>
        public byte[] ServerSignature(byte[] message) => Sign(serverSignKey, serverSeal, message);

        /// <summary>NTLMSSP_MESSAGE_SIGNATURE with ESS: version 1, checksum, sequence number 0 ([MS-NLMP] 2.2.2.9.1).</summary>
        private byte[] Sign(byte[] signKey, Rc4 seal, byte[] message)
        {
            var data = new byte[4 + message.Length]; // SeqNum 0, then the message
            Buffer.BlockCopy(message, 0, data, 4, message.Length);
            byte[] mac;
            using (var hmac = new HMACMD5(signKey))
            {
                mac = hmac.ComputeHash(data);
            }

            var checksum = Cut(mac, 8);
            if ((flags & NtlmMessages.NegotiateKeyExchange) != 0)
            {
                checksum = seal.Transform(checksum);
            }

            var signature = new byte[16];
            signature[0] = 1;
            Buffer.BlockCopy(checksum, 0, signature, 4, 8);
            return signature; // bytes 12..15: SeqNum 0
        }

        private static byte[] Md5(byte[] key, string magic)
        {
            var constant = Encoding.ASCII.GetBytes(magic);
            var input = new byte[key.Length + constant.Length];
            Buffer.BlockCopy(key, 0, input, 0, key.Length);
            Buffer.BlockCopy(constant, 0, input, key.Length, constant.Length);
            using (var md5 = MD5.Create())
            {
                return md5.ComputeHash(input);
            }
        }

        private static byte[] Cut(byte[] value, int length)
        {
            var result = new byte[length];
            Buffer.BlockCopy(value, 0, result, 0, length);
            return result;
        }

        /// <summary>RC4 as NTLM uses it: a keyed stream that continues across calls (a "handle").</summary>
        private sealed class Rc4
        {
            private readonly byte[] s = new byte[256];
            private int i;
            private int j;

            public Rc4(byte[] key)
            {
                for (var k = 0; k < 256; k++)
                {
                    s[k] = (byte)k;
                }

                for (int k = 0, m = 0; k < 256; k++)
                {
                    m = (m + s[k] + key[k % key.Length]) & 0xFF;
                    Swap(k, m);
                }
            }

            public byte[] Transform(byte[] input)
            {
                var output = new byte[input.Length];
                for (var k = 0; k < input.Length; k++)
                {
                    i = (i + 1) & 0xFF;
                    j = (j + s[i]) & 0xFF;
                    Swap(i, j);
                    output[k] = (byte)(input[k] ^ s[(s[i] + s[j]) & 0xFF]);
                }

                return output;
            }

            private void Swap(int a, int b)
            {
                var t = s[a];
                s[a] = s[b];
                s[b] = t;
            }
        }
    }
}
