using System.Globalization;
using System.Net;
using System.Text;

namespace CalendarSharing.Sandbox.Publishing
{
    /// <summary>The published calendar's web page: one row per item, showing exactly what the view holds.</summary>
    internal static class HtmlWriter
    {
        public static string Write(PublishedView view)
        {
            var html = new StringBuilder();
            html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
                .Append(WebUtility.HtmlEncode(view.Calendar))
                .Append("</title></head><body><h1>")
                .Append(WebUtility.HtmlEncode(view.Calendar))
                .Append("</h1><table><thead><tr><th>Start (UTC)</th><th>End (UTC)</th><th>Status</th><th>Subject</th><th>Location</th></tr></thead><tbody>");
            foreach (var item in view.Items)
            {
                html.Append("<tr><td>").Append(item.StartUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))
                    .Append("</td><td>").Append(item.EndUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))
                    .Append("</td><td>").Append(item.ShowAs)
                    .Append("</td><td>").Append(WebUtility.HtmlEncode(item.Subject ?? string.Empty))
                    .Append("</td><td>").Append(WebUtility.HtmlEncode(item.Location ?? string.Empty))
                    .Append("</td></tr>");
            }

            return html.Append("</tbody></table></body></html>").ToString();
        }
    }
}
