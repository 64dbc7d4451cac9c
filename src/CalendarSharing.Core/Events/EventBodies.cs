using System;
using System.Net;
using System.Text.RegularExpressions;

namespace CalendarSharing.Core.Events
{
    /// <summary>
    /// What a client makes of a body it holds: the text preview (Graph's bodyPreview is the first 255 characters of the
    /// body as text, https://learn.microsoft.com/graph/api/resources/event#properties; EWS returns no preview in a
    /// calendar view, so the EWS backend makes it here from the body it read).
    /// </summary>
    public static class EventBodies
    {
        public const int PreviewLength = 255;

        private static readonly Regex Hidden = new Regex("<(script|style|head)\\b[^>]*>.*?</\\1\\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);
        private static readonly Regex Breaks = new Regex("<(br|/p|/div|/li|/tr|/h[1-6])\\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex Tags = new Regex("<[^>]*>", RegexOptions.CultureInvariant);
        private static readonly Regex Spaces = new Regex("[ \\t\\u00a0]+", RegexOptions.CultureInvariant);
        private static readonly Regex Lines = new Regex("\\s*\\n\\s*", RegexOptions.CultureInvariant);

        /// <summary>The body as plain text: HTML without its markup (script, style and head dropped, entities decoded).</summary>
        public static string ToText(string? body, EventBodyType type)
        {
            if (string.IsNullOrEmpty(body))
            {
                return string.Empty;
            }

            if (type != EventBodyType.Html)
            {
                return body!;
            }

            var text = Hidden.Replace(body!, string.Empty);
            text = Breaks.Replace(text, "\n");
            text = WebUtility.HtmlDecode(Tags.Replace(text, string.Empty)).Replace("\r", string.Empty);
            return Lines.Replace(Spaces.Replace(text, " "), "\n").Trim();
        }

        /// <summary>The first <see cref="PreviewLength"/> characters of the body as text; null for no body.</summary>
        public static string? Preview(string? body, EventBodyType type)
        {
            if (body is null)
            {
                return null;
            }

            var text = ToText(body, type);
            return text.Length > PreviewLength ? text.Substring(0, PreviewLength) : text;
        }
    }
}
