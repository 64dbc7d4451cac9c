using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Delegation;

namespace CalendarSharing.Online.AdminRest
{
    /// <summary>One page of an InvokeCommand answer.</summary>
    internal sealed class AdminRestPage
    {
        public AdminRestPage(IReadOnlyList<IReadOnlyDictionary<string, object?>> objects, IReadOnlyList<string> warnings, string? nextLink)
        {
            Objects = objects;
            Warnings = warnings;
            NextLink = nextLink;
        }

        public IReadOnlyList<IReadOnlyDictionary<string, object?>> Objects { get; }

        public IReadOnlyList<string> Warnings { get; }

        public string? NextLink { get; }
    }

    /// <summary>
    /// The InvokeCommand wire format (the REST endpoint the ExchangeOnlineManagement module v3 uses, as observed from
    /// that module; Microsoft does not document its wire format), sans IO: the request body, the json response envelope
    /// (value, @adminapi.warnings, @odata.nextLink; "X@odata.type" annotations dropped) and the error envelope
    /// (details[0].message "StringId|ExceptionType|Message" or its JSON form, then innererror.internalexception).
    /// </summary>
    internal static class AdminRestWire
    {
        public const string MoreResultsWarning = "There are more results available than are currently displayed.";

        /// <summary>{"CmdletInput":{"CmdletName":"…","Parameters":{…}}}; Parameters is {} when empty, never null.</summary>
        public static byte[] WriteRequest(ExchangeCommand command)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream))
            {
                w.WriteStartObject();
                w.WriteStartObject("CmdletInput");
                w.WriteString("CmdletName", command.Name);
                w.WriteStartObject("Parameters");
                foreach (var p in command.Parameters)
                {
                    switch (p.Value)
                    {
                        case bool b:
                            w.WriteBoolean(p.Key, b);
                            break;
                        case IReadOnlyList<string> list:
                            w.WriteStartArray(p.Key);
                            foreach (var v in list)
                            {
                                w.WriteStringValue(v);
                            }

                            w.WriteEndArray();
                            break;
                        case ExchangeMultiValueEdit edit:
                            w.WriteStartObject(p.Key);
                            w.WriteString("@odata.type", "#Exchange.GenericHashTable");
                            WriteList(w, "Add", edit.Add);
                            WriteList(w, "Remove", edit.Remove);
                            w.WriteEndObject();
                            break;
                        default:
                            w.WriteString(p.Key, Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture));
                            break;
                    }
                }

                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
            }

            return stream.ToArray();
        }

        public static AdminRestPage ReadResponse(byte[] body)
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            var objects = new List<IReadOnlyDictionary<string, object?>>();
            if (root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    if (item.TryGetProperty("_cliXml", out _))
                    {
                        throw new BackendException(new BackendError(BackendErrorCode.ServerFault, "The admin API answered in CliXml; this client asks for X-ResponseFormat: json."));
                    }

                    var bag = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                    foreach (var p in item.EnumerateObject())
                    {
                        if (p.Name.IndexOf('@') >= 0)
                        {
                            continue; // "AccessRights@odata.type", "Guid@data.type", …
                        }

                        bag[p.Name] = ToValue(p.Value);
                    }

                    objects.Add(bag);
                }
            }

            var warnings = new List<string>();
            if (root.TryGetProperty("@adminapi.warnings", out var w) && w.ValueKind == JsonValueKind.Array)
            {
                warnings.AddRange(w.EnumerateArray().Select(x => x.ToString()));
            }

            var next = root.TryGetProperty("@odata.nextLink", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            return new AdminRestPage(objects, warnings, next);
        }

        /// <summary>The error envelope to a BackendError: the useful text, the Exchange exception type, our code.</summary>
        public static BackendError ReadError(int status, byte[] body, string cmdlet)
        {
            string? detail = null;
            string? type = null;
            string? code = null;
            try
            {
                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.TryGetProperty("error", out var error))
                {
                    code = error.TryGetProperty("code", out var c) ? c.ToString() : null;
                    if (error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array && details.GetArrayLength() > 0
                        && details[0].TryGetProperty("message", out var m))
                    {
                        (type, detail) = SplitDetail(m.ToString());
                    }

                    if (detail == null && error.TryGetProperty("innererror", out var inner) && inner.TryGetProperty("internalexception", out var ie))
                    {
                        detail = ie.TryGetProperty("message", out var im) ? im.ToString() : null;
                        type = ie.TryGetProperty("type", out var it) ? it.ToString() : null;
                    }

                    detail ??= error.TryGetProperty("message", out var em) ? em.ToString() : null;
                }
            }
            catch (JsonException)
            {
                // 403 comes with a body that is not JSON (NUL bytes); the status says enough.
            }

            var backendCode = Classify(status, type, detail);
            var text = detail ?? StatusText(status);
            var serverCode = type != null ? type.Substring(type.LastIndexOf('.') + 1) : code ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new BackendError(backendCode, $"{cmdlet}: {text}", serverCode);
        }

        /// <summary>"StringId|ExceptionType|Message" or {"ClassName":…,"Message":…} → (type, message).</summary>
        internal static (string? Type, string Message) SplitDetail(string text)
        {
            var t = text.Trim();
            if (t.StartsWith("{", StringComparison.Ordinal))
            {
                try
                {
                    using var doc = JsonDocument.Parse(t);
                    var r = doc.RootElement;
                    var type = r.TryGetProperty("ClassName", out var cn) ? cn.ToString() : null;
                    var message = r.TryGetProperty("Message", out var m) ? m.ToString() : t;
                    return (type, message);
                }
                catch (JsonException)
                {
                    return (null, t);
                }
            }

            var parts = t.Split(new[] { '|' }, 3);
            return parts.Length == 3 ? (parts[1].Length == 0 ? null : parts[1], parts[2]) : (null, t);
        }

        internal static BackendErrorCode Classify(int status, string? type, string? message)
        {
            if (status == 401)
            {
                return BackendErrorCode.Authentication;
            }

            if (status == 403)
            {
                return BackendErrorCode.AccessDenied;
            }

            if (status == 429)
            {
                return BackendErrorCode.Throttled;
            }

            var t = type ?? string.Empty;
            var m = message ?? string.Empty;
            if (t.EndsWith("ManagementObjectNotFoundException", StringComparison.Ordinal) || t.EndsWith("ManagementObjectAmbiguousException", StringComparison.Ordinal))
            {
                if (m.IndexOf("User or group", StringComparison.OrdinalIgnoreCase) >= 0 || m.StartsWith("Couldn't find object", StringComparison.OrdinalIgnoreCase))
                {
                    return t.EndsWith("AmbiguousException", StringComparison.Ordinal) ? BackendErrorCode.PrincipalAmbiguous : BackendErrorCode.PrincipalNotFound;
                }

                return BackendErrorCode.MailboxNotFound;
            }

            if (t.IndexOf("AccessDenied", StringComparison.OrdinalIgnoreCase) >= 0 || t.IndexOf("Unauthorized", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return BackendErrorCode.AccessDenied;
            }

            if (IsTransientText(t) || IsTransientText(m) || status == 500 || status == 502 || status == 503 || status == 504)
            {
                return BackendErrorCode.Transient;
            }

            if (status == 400)
            {
                return BackendErrorCode.InvalidInput;
            }

            return BackendErrorCode.ServerFault;
        }

        /// <summary>
        /// The module's retryable exception names (constants observed in the ExchangeOnlineManagement v3 module).
        /// </summary>
        internal static bool IsTransientText(string text) =>
            new[] { "ADTransientException", "DCOverloadedException", "SuitabilityDirectoryException", "ServerInMMException", "ADServerSettingsChangedException", "StorageTransientException" }
                .Any(x => text.IndexOf(x, StringComparison.Ordinal) >= 0);

        private static string StatusText(int status) => status switch
        {
            401 => "The access token was refused (HTTP 401). The app needs Exchange.ManageAsApp and an Exchange admin role.",
            403 => "The account may not run this cmdlet (HTTP 403). Assign it an Exchange admin role (Exchange Administrator or Recipient Management).",
            429 => "The admin API kept throttling (HTTP 429).",
            _ => $"The admin API answered HTTP {status}.",
        };

        private static object? ToValue(JsonElement v)
        {
            switch (v.ValueKind)
            {
                case JsonValueKind.Null:
                case JsonValueKind.Undefined:
                    return null;
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                case JsonValueKind.String:
                    return v.GetString();
                case JsonValueKind.Array:
                    return v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.GetRawText()).ToList().AsReadOnly();
                case JsonValueKind.Number:
                    return v.GetRawText();
                default:
                    return v.GetRawText();
            }
        }

        private static void WriteList(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
        {
            if (values.Count == 0)
            {
                return;
            }

            w.WriteStartArray(name);
            foreach (var v in values)
            {
                w.WriteStringValue(v);
            }

            w.WriteEndArray();
        }
    }
}
