using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;

namespace CalendarSharing.Sandbox.Publishing
{
    /// <summary>
    /// GET /owa/calendar/{mailbox id}@{domain}/{token}/calendar.html|calendar.ics: a published calendar for anyone with
    /// the link (no authentication, as Exchange serves it), 404 for a link that was never given, was reset or whose
    /// calendar is no longer published. The ICS is RFC 5545 iCalendar (text/calendar).
    /// </summary>
    internal static class PublishedCalendarEndpoint
    {
        public const string HtmlFile = "calendar.html";

        public const string IcsFile = "calendar.ics";

        private const string Prefix = "/owa/calendar/";

        public static bool Matches(string path) => path.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

        public static HttpResponseMessage Handle(SandboxOrganization org, HttpRequestMessage request)
        {
            var path = request.RequestUri?.AbsolutePath ?? string.Empty;
            var parts = path.Substring(Prefix.Length).Split('/');
            if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head)
            {
                var notAllowed = Empty(HttpStatusCode.MethodNotAllowed);
                notAllowed.Content.Headers.Allow.Add("GET");
                return notAllowed;
            }

            org.CountRequest("PublishedCalendar");
            var folder = parts.Length == 3 ? org.FindPublished(Uri.UnescapeDataString(parts[0]), parts[1]) : null;
            if (folder == null)
            {
                return Empty(HttpStatusCode.NotFound);
            }

            var view = org.PublishedViewOf(folder);
            if (string.Equals(parts[2], IcsFile, StringComparison.OrdinalIgnoreCase))
            {
                var ics = IcsWriter.Write(view);
                var content = new ByteArrayContent(Encoding.UTF8.GetBytes(ics));
                content.Headers.ContentType = new MediaTypeHeaderValue("text/calendar") { CharSet = "utf-8" };
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
            }

            if (string.Equals(parts[2], HtmlFile, StringComparison.OrdinalIgnoreCase))
            {
                var html = new ByteArrayContent(Encoding.UTF8.GetBytes(HtmlWriter.Write(view)));
                html.Headers.ContentType = new MediaTypeHeaderValue("text/html") { CharSet = "utf-8" };
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = html };
            }

            return Empty(HttpStatusCode.NotFound);
        }

        private static HttpResponseMessage Empty(HttpStatusCode status) =>
            new HttpResponseMessage(status) { Content = new ByteArrayContent(Array.Empty<byte>()) };
    }
}
