using System;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace CalendarSharing.Sandbox.Graph
{
    /// <summary>
    /// A Graph error to answer with: HTTP status, error code and message (https://learn.microsoft.com/graph/errors; the
    /// codes as Exchange Online is observed to send them).
    /// </summary>
    internal sealed class GraphException : Exception
    {
        public GraphException(int status, string code, string message)
            : base(message)
        {
            Status = status;
            Code = code;
        }

        public int Status { get; }

        public string Code { get; }

        public static GraphException BadRequest(string code, string message) => new GraphException(400, code, message);

        public static GraphException ItemNotFound() => new GraphException(404, "ErrorItemNotFound", "The specified object was not found in the store.");

        public static GraphException AccessDenied() => new GraphException(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");

        public static GraphException SegmentNotFound(string segment) =>
            new GraphException(400, "BadRequest", "Resource not found for the segment '" + segment + "'.");
    }

    /// <summary>JSON writing helpers: UTF-8, no indentation, as Graph answers.</summary>
    internal static class GraphJson
    {
        public const string ContentType = "application/json";

        public static byte[] Write(Action<Utf8JsonWriter> write)
        {
            using (var stream = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false, SkipValidation = false }))
                {
                    write(writer);
                }

                return stream.ToArray();
            }
        }

        /// <summary>
        /// {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}
        /// (https://learn.microsoft.com/graph/errors).
        /// </summary>
        public static byte[] Error(string code, string message, string requestId, string? clientRequestId) => Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("code", code);
            w.WriteString("message", message);
            w.WriteStartObject("innerError");
            w.WriteString("date", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
            w.WriteString("request-id", requestId);
            w.WriteString("client-request-id", clientRequestId ?? requestId);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        });

        public static string? String(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
