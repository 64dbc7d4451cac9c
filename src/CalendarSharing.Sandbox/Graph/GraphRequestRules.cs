using System;
using System.Text.Json;

namespace CalendarSharing.Sandbox.Graph
{
    /// <summary>What every Graph resource the sandbox serves checks of a request before it reads it: the method, the body.</summary>
    internal static class GraphRequestRules
    {
        /// <summary>The body as a JSON object, or Graph's 400 RequestBodyRead.</summary>
        public static JsonDocument ParseBody(GraphRequest request)
        {
            try
            {
                var document = JsonDocument.Parse(request.Body ?? Array.Empty<byte>());
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    document.Dispose();
                    throw GraphException.BadRequest("RequestBodyRead", "The request body must be a JSON object.");
                }

                return document;
            }
            catch (JsonException ex)
            {
                throw GraphException.BadRequest("RequestBodyRead", "Invalid JSON. " + ex.Message);
            }
        }

        public static void RequireMethod(GraphRequest request, string method)
        {
            if (request.Method != method)
            {
                throw MethodNotAllowed(request);
            }
        }

        public static GraphException MethodNotAllowed(GraphRequest request) =>
            new GraphException(405, "BadRequest", "The HTTP method '" + request.Method + "' is not allowed on this resource.");
    }
}
