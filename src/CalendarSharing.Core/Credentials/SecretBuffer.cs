using System;
using System.Runtime.InteropServices;
using System.Security;

namespace CalendarSharing.Core.Credentials
{
    /// <summary>
    /// A byte array pinned for its whole life (so the GC never leaves a moved copy of a secret behind) and
    /// zeroed on Dispose. Every buffer that holds a password, a key or a derived key is one of these.
    /// </summary>
    internal sealed class SecretBuffer : IDisposable
    {
        private GCHandle handle;

        public SecretBuffer(int length)
        {
            Bytes = new byte[length];
            handle = GCHandle.Alloc(Bytes, GCHandleType.Pinned);
        }

        public byte[] Bytes { get; }

        public int Length => Bytes.Length;

        public void Dispose()
        {
            Array.Clear(Bytes, 0, Bytes.Length);
            if (handle.IsAllocated)
            {
                handle.Free();
            }
        }

        /// <summary>Copies <paramref name="source"/> into a new pinned buffer and zeroes the source.</summary>
        public static SecretBuffer TakeFrom(byte[] source)
        {
            var buffer = new SecretBuffer(source.Length);
            Buffer.BlockCopy(source, 0, buffer.Bytes, 0, source.Length);
            Array.Clear(source, 0, source.Length);
            return buffer;
        }
    }

    /// <summary>
    /// The password's plaintext frame: [length in UTF-16 code units, 2 bytes big-endian][UTF-16LE code units]
    /// [zeros up to a multiple of <see cref="Block"/> bytes], so the ciphertext's size tells nothing finer than
    /// a password length bucket. The password goes from the SecureString's unmanaged copy straight into a
    /// pinned buffer and back into a SecureString char by char: it is never a managed string.
    /// </summary>
    internal static class PasswordFrame
    {
        public const int Block = 64;

        public const int MaxPasswordLength = 4096;

        public static SecretBuffer FromSecureString(SecureString password)
        {
            var length = password.Length;
            if (length > MaxPasswordLength)
            {
                throw new CredentialStoreException(
                    CredentialErrorReason.InvalidInput,
                    $"The password is longer than {MaxPasswordLength} characters.",
                    null,
                    "Store a shorter password.");
            }

            var size = ((2 + (2 * length) + Block - 1) / Block) * Block;
            var frame = new SecretBuffer(size);
            var unmanaged = IntPtr.Zero;
            try
            {
                unmanaged = Marshal.SecureStringToGlobalAllocUnicode(password);
                frame.Bytes[0] = (byte)(length >> 8);
                frame.Bytes[1] = (byte)length;
                Marshal.Copy(unmanaged, frame.Bytes, 2, 2 * length);
                return frame;
            }
            catch
            {
                frame.Dispose();
                throw;
            }
            finally
            {
                if (unmanaged != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(unmanaged);
                }
            }
        }

        /// <summary>A read-only SecureString from a decrypted frame; null when the frame is malformed.</summary>
        public static SecureString? ToSecureString(byte[] frame)
        {
            if (frame.Length < 2 || frame.Length % Block != 0)
            {
                return null;
            }

            var length = (frame[0] << 8) | frame[1];
            if (length > MaxPasswordLength || 2 + (2 * length) > frame.Length)
            {
                return null;
            }

            var secure = new SecureString();
            for (var i = 0; i < length; i++)
            {
                secure.AppendChar((char)(frame[2 + (2 * i)] | (frame[3 + (2 * i)] << 8)));
            }

            secure.MakeReadOnly();
            return secure;
        }
    }
}
