using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace CalendarSharing.Sandbox.Identity
{
    /// <summary>Why a client assertion was refused, as Entra words it (the AADSTS code and its text).</summary>
    internal sealed class AssertionFailure
    {
        public AssertionFailure(int code, string description)
        {
            Code = code;
            Description = description;
        }

        public int Code { get; }

        public string Description { get; }
    }

    /// <summary>
    /// Verifies a client_assertion (RFC 7523 JWT) the way Entra does for certificate credentials: RS256 or PS256
    /// signed with the private key of a certificate registered on the app (x5t / x5t#S256 pick it when present),
    /// iss = sub = client id, aud = this token endpoint, exp in the future and nbf not in the future (5 min skew).
    /// </summary>
    internal static class ClientAssertion
    {
        private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

        /// <summary>The client id the assertion proves, or a failure.</summary>
        public static string? Verify(string jwt, string? clientIdParameter, string tokenPath, Func<string, SandboxAppRegistration?> findApp, out AssertionFailure? failure)
        {
            failure = null;
            var parts = jwt.Split('.');
            JsonDocument header;
            JsonDocument payload;
            byte[] signature;
            try
            {
                if (parts.Length != 3)
                {
                    throw new FormatException();
                }

                header = JsonDocument.Parse(Base64Url.Decode(parts[0]));
                payload = JsonDocument.Parse(Base64Url.Decode(parts[1]));
                signature = Base64Url.Decode(parts[2]);
            }
            catch (Exception ex) when (ex is FormatException || ex is JsonException)
            {
                failure = new AssertionFailure(50027, "JWT token is invalid or malformed.");
                return null;
            }

            using (header)
            using (payload)
            {
                var claims = payload.RootElement;
                var iss = Claim(claims, "iss");
                var sub = Claim(claims, "sub");
                if (iss == null || sub == null || !string.Equals(iss, sub, StringComparison.Ordinal))
                {
                    failure = new AssertionFailure(700023, "Client assertion issuer and subject must be the client id.");
                    return null;
                }

                if (clientIdParameter != null && !string.Equals(clientIdParameter, iss, StringComparison.OrdinalIgnoreCase))
                {
                    failure = new AssertionFailure(700021, "Client assertion application identifier doesn't match 'client_id' parameter.");
                    return null;
                }

                var app = findApp(iss);
                if (app == null)
                {
                    failure = new AssertionFailure(700016, "Application with identifier '" + iss + "' was not found in the directory '" + SandboxOrganization.TenantDomain + "'.");
                    return null;
                }

                var alg = Claim(header.RootElement, "alg");
                RSASignaturePadding padding;
                if (alg == "RS256")
                {
                    padding = RSASignaturePadding.Pkcs1;
                }
                else if (alg == "PS256")
                {
                    padding = RSASignaturePadding.Pss;
                }
                else
                {
                    failure = new AssertionFailure(5002738, "Invalid JWT token. '" + (alg ?? "(none)") + "' is not a supported signature algorithm.");
                    return null;
                }

                var x5t = Claim(header.RootElement, "x5t");
                var x5tS256 = Claim(header.RootElement, "x5t#S256");
                var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
                var verified = false;
                foreach (var certificate in app.Certificates)
                {
                    if (!Matches(certificate, x5t, x5tS256))
                    {
                        continue;
                    }

                    using (var key = certificate.GetRSAPublicKey())
                    {
                        if (key != null && key.VerifyData(signed, signature, HashAlgorithmName.SHA256, padding))
                        {
                            verified = true;
                            break;
                        }
                    }
                }

                if (!verified)
                {
                    failure = new AssertionFailure(700027, "Client assertion failed signature validation, or the certificate that signed it is not registered on application '" + iss + "'.");
                    return null;
                }

                if (!AudienceMatches(Claim(claims, "aud"), tokenPath))
                {
                    failure = new AssertionFailure(70021, "No matching federated identity record found: the client assertion audience must be the token endpoint.");
                    return null;
                }

                var now = DateTimeOffset.UtcNow;
                var exp = Time(claims, "exp");
                var nbf = Time(claims, "nbf");
                if (exp == null || exp.Value + Skew < now || (nbf != null && nbf.Value - Skew > now))
                {
                    failure = new AssertionFailure(700024, "Client assertion is not within its valid time range.");
                    return null;
                }

                return app.ClientId;
            }
        }

        private static bool Matches(X509Certificate2 certificate, string? x5t, string? x5tS256)
        {
            if (x5t == null && x5tS256 == null)
            {
                return true;
            }

            if (x5t != null && string.Equals(x5t, Base64Url.Encode(certificate.GetCertHash()), StringComparison.Ordinal))
            {
                return true;
            }

            if (x5tS256 != null)
            {
                using (var sha = SHA256.Create())
                {
                    return string.Equals(x5tS256, Base64Url.Encode(sha.ComputeHash(certificate.RawData)), StringComparison.Ordinal);
                }
            }

            return false;
        }

        // MSAL puts the token endpoint it posts to in aud; the host is whatever the client reached us by.
        private static bool AudienceMatches(string? aud, string tokenPath)
        {
            if (aud == null || !Uri.TryCreate(aud, UriKind.Absolute, out var uri))
            {
                return false;
            }

            return string.Equals(uri.AbsolutePath.TrimEnd('/'), tokenPath.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
        }

        private static string? Claim(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static DateTimeOffset? Time(JsonElement element, string name)
        {
            if (element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds))
            {
                return DateTimeOffset.FromUnixTimeSeconds(seconds);
            }

            // MSAL.NET writes nbf and exp as JSON strings ("nbf":"1795273181"); Entra accepts both.
            if (value.ValueKind == JsonValueKind.String &&
                long.TryParse(value.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out seconds))
            {
                return DateTimeOffset.FromUnixTimeSeconds(seconds);
            }

            return null;
        }
    }

    internal static class Base64Url
    {
        public static byte[] Decode(string text)
        {
            var s = text.Replace('-', '+').Replace('_', '/');
            switch (s.Length % 4)
            {
                case 2:
                    s += "==";
                    break;
                case 3:
                    s += "=";
                    break;
                case 1:
                    throw new FormatException("Invalid base64url length.");
            }

            return Convert.FromBase64String(s);
        }

        public static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
