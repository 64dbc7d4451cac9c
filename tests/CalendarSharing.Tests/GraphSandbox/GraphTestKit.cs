using System;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using CalendarSharing.Sandbox;
using Xunit;

namespace CalendarSharing.Tests.GraphSandbox
{
    /// <summary>Raw HTTP against the sandbox's Graph endpoint: JSON is written by hand, answers parsed with JsonDocument.</summary>
    internal static class GraphTestKit
    {
        public const string MyOrganizationId = "RGVmYXVsdA==";

        public static SandboxOrganization CloudOrg(SandboxOptions? options = null)
        {
            options ??= new SandboxOptions();
            options.Topology = SandboxTopology.Cloud;
            return SandboxOrganization.Create(options);
        }

        /// <summary>An HttpClient on the Graph base URL with an app-only token (application permissions).</summary>
        public static HttpClient AppClient(SandboxOrganization org) => Client(org, org.IssueGraphToken());

        /// <summary>An HttpClient with a delegated token for the user.</summary>
        public static HttpClient UserClient(SandboxOrganization org, string user) => Client(org, org.IssueGraphToken(user));

        public static HttpClient Client(SandboxOrganization org, string? token)
        {
            var client = new HttpClient(org.CreateHandler()) { BaseAddress = org.GraphBaseUrl };
            if (token != null)
            {
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            return client;
        }

        /// <summary>A relative URL with each path segment percent-encoded, as Kiota sends it.</summary>
        public static string Url(params string[] segments) => string.Join("/", segments.Select(Uri.EscapeDataString));

        public static async Task<(HttpResponseMessage Response, JsonElement Json)> SendAsync(HttpClient client, HttpMethod method, string url, string? json = null, string? ifMatch = null)
        {
            using var request = new HttpRequestMessage(method, url);
            if (json != null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            if (ifMatch != null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            }

            var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var parsed = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
            return (response, parsed);
        }

        public static async Task<JsonElement> GetOkAsync(HttpClient client, string url)
        {
            var (response, json) = await SendAsync(client, HttpMethod.Get, url);
            Assert.True(response.IsSuccessStatusCode, "HTTP " + (int)response.StatusCode + ": " + json);
            return json;
        }

        /// <summary>Asserts Graph's error shape and returns the code.</summary>
        public static string ErrorCode(JsonElement json)
        {
            var error = json.GetProperty("error");
            Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
            var inner = error.GetProperty("innerError");
            Assert.False(string.IsNullOrEmpty(inner.GetProperty("request-id").GetString()));
            Assert.False(string.IsNullOrEmpty(inner.GetProperty("date").GetString()));
            return error.GetProperty("code").GetString()!;
        }

        public static string PermissionsUrl(string user, string? calendarId = null) =>
            calendarId == null ? Url("users", user, "calendar", "calendarPermissions") : Url("users", user, "calendars", calendarId, "calendarPermissions");

        public static string PermissionUrl(string user, string id, string? calendarId = null) => PermissionsUrl(user, calendarId) + "/" + Uri.EscapeDataString(id);

        /// <summary>principal (address, or "My Organization") → role, from a calendarPermissions collection.</summary>
        public static string[] Roles(JsonElement collection) =>
            collection.GetProperty("value").EnumerateArray().Select(p =>
            {
                var email = p.GetProperty("emailAddress");
                var who = email.TryGetProperty("address", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : email.GetProperty("name").GetString();
                return who + "=" + p.GetProperty("role").GetString();
            }).ToArray();

        public static JsonElement Find(JsonElement collection, string address) =>
            collection.GetProperty("value").EnumerateArray().Single(p =>
                p.GetProperty("emailAddress").TryGetProperty("address", out var a) && string.Equals(a.GetString(), address, StringComparison.OrdinalIgnoreCase));

        public static string Grant(string address, string role, string? name = null) =>
            "{\"emailAddress\":{" + (name == null ? string.Empty : "\"name\":\"" + name + "\",") + "\"address\":\"" + address + "\"},\"role\":\"" + role + "\"}";

        public static async Task<string> TeamEventsIdAsync(HttpClient client)
        {
            var calendars = await GetOkAsync(client, Url("users", "alice@contoso.com", "calendars"));
            return calendars.GetProperty("value").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "Team Events").GetProperty("id").GetString()!;
        }
    }
}
