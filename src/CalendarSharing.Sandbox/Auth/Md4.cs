using System;

namespace CalendarSharing.Sandbox.Auth
{
    /// <summary>
    /// MD4 (RFC 1320), which .NET does not ship and NTLM needs for the NT hash (MD4 of the UTF-16LE password,
    /// [MS-NLMP] 3.3.2 NTOWFv2). Written from the RFC; checked against its test suite in the tests.
    /// </summary>
    internal static class Md4
    {
        public static byte[] Hash(byte[] input)
        {
            if (input == null)
            {
                throw new ArgumentNullException(nameof(input));
            }

            // Padding: 0x80, zeros to 56 mod 64, then the bit length as a 64-bit little-endian number.
            var padded = new byte[((input.Length + 8) / 64 + 1) * 64];
            Buffer.BlockCopy(input, 0, padded, 0, input.Length);
            padded[input.Length] = 0x80;
            var bits = (ulong)input.Length * 8;
            for (var i = 0; i < 8; i++)
            {
                padded[padded.Length - 8 + i] = (byte)(bits >> (8 * i));
            }

            uint a = 0x67452301, b = 0xefcdab89, c = 0x98badcfe, d = 0x10325476;
            var x = new uint[16];
            for (var block = 0; block < padded.Length; block += 64)
            {
                for (var i = 0; i < 16; i++)
                {
                    x[i] = BitConverter.ToUInt32(padded, block + i * 4);
                }

                uint aa = a, bb = b, cc = c, dd = d;

                // Round 1: F(x,y,z) = xy | ~xz
                foreach (var k in new[] { 0, 4, 8, 12 })
                {
                    a = Rotl(a + F(b, c, d) + x[k], 3);
                    d = Rotl(d + F(a, b, c) + x[k + 1], 7);
                    c = Rotl(c + F(d, a, b) + x[k + 2], 11);
                    b = Rotl(b + F(c, d, a) + x[k + 3], 19);
                }

                // Round 2: G(x,y,z) = xy | xz | yz, + 0x5A827999
                foreach (var k in new[] { 0, 1, 2, 3 })
                {
                    a = Rotl(a + G(b, c, d) + x[k] + 0x5A827999, 3);
                    d = Rotl(d + G(a, b, c) + x[k + 4] + 0x5A827999, 5);
                    c = Rotl(c + G(d, a, b) + x[k + 8] + 0x5A827999, 9);
                    b = Rotl(b + G(c, d, a) + x[k + 12] + 0x5A827999, 13);
                }

                // Round 3: H(x,y,z) = x ^ y ^ z, + 0x6ED9EBA1
                foreach (var k in new[] { 0, 2, 1, 3 })
                {
                    a = Rotl(a + H(b, c, d) + x[k] + 0x6ED9EBA1, 3);
                    d = Rotl(d + H(a, b, c) + x[k + 8] + 0x6ED9EBA1, 9);
                    c = Rotl(c + H(d, a, b) + x[k + 4] + 0x6ED9EBA1, 11);
                    b = Rotl(b + H(c, d, a) + x[k + 12] + 0x6ED9EBA1, 15);
                }

                a += aa;
                b += bb;
                c += cc;
                d += dd;
            }

            var digest = new byte[16];
            Buffer.BlockCopy(BitConverter.GetBytes(a), 0, digest, 0, 4);
            Buffer.BlockCopy(BitConverter.GetBytes(b), 0, digest, 4, 4);
            Buffer.BlockCopy(BitConverter.GetBytes(c), 0, digest, 8, 4);
            Buffer.BlockCopy(BitConverter.GetBytes(d), 0, digest, 12, 4);
            return digest;
        }

        private static uint F(uint x, uint y, uint z) => (x & y) | (~x & z);

        private static uint G(uint x, uint y, uint z) => (x & y) | (x & z) | (y & z);

        private static uint H(uint x, uint y, uint z) => x ^ y ^ z;

        private static uint Rotl(uint v, int s) => (v << s) | (v >> (32 - s));
    }
}
