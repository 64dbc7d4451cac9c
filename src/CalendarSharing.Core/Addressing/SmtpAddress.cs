using System;

namespace CalendarSharing.Core.Addressing
{
    /// <summary>
    /// An SMTP address as the module accepts one from a user: one <c>@</c>, a non-empty local part, a domain of dotted
    /// labels (at least two, none empty), no whitespace and none of the characters that separate or quote addresses in a
    /// list (<c>\ &lt; &gt; , ; : "</c>). This is the mailbox form of RFC 5321 section 4.1.2 without quoted local parts,
    /// which Exchange does not issue as primary addresses. A leading <c>smtp:</c> (Exchange's proxy-address prefix,
    /// https://learn.microsoft.com/exchange/recipients/email-addresses) is dropped. Comparison is case-insensitive.
    /// The one rule for "is this an SMTP address" everywhere: resolution, delegates, mailbox access.
    /// </summary>
    public readonly struct SmtpAddress : IEquatable<SmtpAddress>
    {
        private static readonly char[] Forbidden = { ' ', '\t', '\r', '\n', '\\', '<', '>', ',', ';', ':', '"' };

        private SmtpAddress(string value, int at)
        {
            Value = value;
            LocalPart = value.Substring(0, at);
            Domain = value.Substring(at + 1);
        }

        /// <summary>The address as given (trimmed, without an smtp: prefix).</summary>
        public string Value { get; }

        public string LocalPart { get; }

        public string Domain { get; }

        public static bool TryParse(string? text, out SmtpAddress address)
        {
            address = default;
            var t = (text ?? string.Empty).Trim();
            if (t.StartsWith("smtp:", StringComparison.OrdinalIgnoreCase))
            {
                t = t.Substring(5);
            }

            var at = t.IndexOf('@');
            if (at <= 0 || at != t.LastIndexOf('@') || at == t.Length - 1 || t.IndexOfAny(Forbidden) >= 0)
            {
                return false;
            }

            var labels = t.Substring(at + 1).Split('.');
            if (labels.Length < 2)
            {
                return false;
            }

            foreach (var label in labels)
            {
                if (label.Length == 0)
                {
                    return false;
                }
            }

            address = new SmtpAddress(t, at);
            return true;
        }

        /// <summary>True when <paramref name="text"/> is an SMTP address by the rule above.</summary>
        public static bool IsValid(string? text) => TryParse(text, out _);

        /// <summary>The domain of an SMTP address, or null when the text is none.</summary>
        public static string? DomainOf(string? text) => TryParse(text, out var a) ? a.Domain : null;

        /// <summary>The address without Exchange's <c>smtp:</c> proxy prefix (any text; not validated).</summary>
        public static string StripPrefix(string text) =>
            text.StartsWith("smtp:", StringComparison.OrdinalIgnoreCase) ? text.Substring(5) : text;

        /// <summary>True when the address is in <paramref name="domain"/> or one of its subdomains.</summary>
        public bool IsInDomain(string? domain) =>
            domain != null && Value != null
            && (string.Equals(Domain, domain, StringComparison.OrdinalIgnoreCase)
                || Domain.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase));

        public bool Equals(SmtpAddress other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

        public override bool Equals(object? obj) => obj is SmtpAddress other && Equals(other);

        public override int GetHashCode() => Value == null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

        public override string ToString() => Value ?? string.Empty;
    }
}
