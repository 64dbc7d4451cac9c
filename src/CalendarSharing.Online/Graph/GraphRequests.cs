using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using GraphPermission = Microsoft.Graph.Models.CalendarPermission;

namespace CalendarSharing.Online.Graph
{
    /// <summary>
    /// The one place that builds each Graph request the backends send, with the real SDK's request builders; sending is
    /// the gateway's job. A calendar is either the mailbox's default one (<c>calendarId</c> null:
    /// <c>/users/{id}/calendar</c>, reached by its well-known path whatever its display name) or a secondary one
    /// (<c>/users/{id}/calendars/{calendarId}</c>), as on https://learn.microsoft.com/graph/api/resources/calendarpermission.
    /// </summary>
    internal sealed class GraphRequests
    {
        /// <summary>What a calendar read needs: its id, display name and change key.</summary>
        private static readonly string[] CalendarFields = { "id", "name", "changeKey" };

        private readonly GraphServiceClient client;

        public GraphRequests(GraphServiceClient client)
        {
            this.client = client ?? throw new ArgumentNullException(nameof(client));
        }

        /// <summary>GET /users?$top=1&amp;$select=id: a small request that proves the endpoint accepts the token.</summary>
        public RequestInformation ProbeUsers() =>
            client.Users.ToGetRequestInformation(rc =>
            {
                rc.QueryParameters.Top = 1;
                rc.QueryParameters.Select = new[] { "id" };
            });

        /// <summary>GET /users/{id}?$select=id,displayName,mail,userPrincipalName.</summary>
        public RequestInformation GetUser(string user) =>
            client.Users[user].ToGetRequestInformation(rc => rc.QueryParameters.Select = new[] { "id", "displayName", "mail", "userPrincipalName" });

        /// <summary>
        /// GET /users?$filter=…&amp;$select=id,mail,displayName,userPrincipalName,mailNickname&amp;$top=n. The filters we send
        /// (eq and startsWith on displayName, mail, mailNickname; in on userPrincipalName) are default query capabilities of user, so no
        /// ConsistencyLevel: eventual and $count are sent (https://learn.microsoft.com/graph/api/resources/user#properties,
        /// https://learn.microsoft.com/graph/aad-advanced-queries).
        /// </summary>
        public RequestInformation FindUsers(string filter, int top) =>
            client.Users.ToGetRequestInformation(rc =>
            {
                rc.QueryParameters.Filter = filter;
                rc.QueryParameters.Select = new[] { "id", "mail", "displayName", "userPrincipalName", "mailNickname" };
                rc.QueryParameters.Top = top;
            });

        /// <summary>GET /users/{id}/calendars?$select=id,name (paged: follow @odata.nextLink).</summary>
        public RequestInformation ListCalendars(string mailbox) =>
            client.Users[mailbox].Calendars.ToGetRequestInformation(rc => rc.QueryParameters.Select = new[] { "id", "name" });

        /// <summary>GET the calendar's id, name and change key.</summary>
        public RequestInformation GetCalendar(string mailbox, string? calendarId) =>
            calendarId == null
                ? client.Users[mailbox].Calendar.ToGetRequestInformation(rc => rc.QueryParameters.Select = CalendarFields)
                : client.Users[mailbox].Calendars[calendarId].ToGetRequestInformation(rc => rc.QueryParameters.Select = CalendarFields);

        /// <summary>GET the calendar's permissions (paged: follow @odata.nextLink).</summary>
        public RequestInformation ListPermissions(string mailbox, string? calendarId) =>
            calendarId == null
                ? client.Users[mailbox].Calendar.CalendarPermissions.ToGetRequestInformation()
                : client.Users[mailbox].Calendars[calendarId].CalendarPermissions.ToGetRequestInformation();

        /// <summary>POST a new calendarPermission.</summary>
        public RequestInformation CreatePermission(string mailbox, string? calendarId, GraphPermission body) =>
            calendarId == null
                ? client.Users[mailbox].Calendar.CalendarPermissions.ToPostRequestInformation(body)
                : client.Users[mailbox].Calendars[calendarId].CalendarPermissions.ToPostRequestInformation(body);

        /// <summary>DELETE one calendarPermission.</summary>
        public RequestInformation DeletePermission(string mailbox, string? calendarId, string id) =>
            calendarId == null
                ? client.Users[mailbox].Calendar.CalendarPermissions[id].ToDeleteRequestInformation()
                : client.Users[mailbox].Calendars[calendarId].CalendarPermissions[id].ToDeleteRequestInformation();

        /// <summary>PATCH one calendarPermission, with If-Match when its ETag is known.</summary>
        public RequestInformation PatchPermission(string mailbox, string? calendarId, string id, GraphPermission patch, string? etag)
        {
            Action<RequestConfiguration<DefaultQueryParameters>> ifMatch = rc =>
            {
                if (etag != null)
                {
                    rc.Headers.Add("If-Match", etag);
                }
            };
            return calendarId == null
                ? client.Users[mailbox].Calendar.CalendarPermissions[id].ToPatchRequestInformation(patch, ifMatch)
                : client.Users[mailbox].Calendars[calendarId].CalendarPermissions[id].ToPatchRequestInformation(patch, ifMatch);
        }

        /// <summary>GET /users/{id}/mailboxSettings.</summary>
        public RequestInformation GetMailboxSettings(string mailbox) =>
            client.Users[mailbox].MailboxSettings.ToGetRequestInformation();

        /// <summary>PATCH /users/{id}/mailboxSettings.</summary>
        public RequestInformation PatchMailboxSettings(string mailbox, MailboxSettings settings) =>
            client.Users[mailbox].MailboxSettings.ToPatchRequestInformation(settings);

        /// <summary>
        /// GET the next page of a collection: the @odata.nextLink URL exactly as the server gave it, its query options
        /// included (https://learn.microsoft.com/graph/paging: "use the entire URL in the @odata.nextLink property").
        /// </summary>
        public static RequestInformation NextPage(string nextLink)
        {
            var request = new RequestInformation { HttpMethod = Method.GET, URI = new Uri(nextLink, UriKind.Absolute) };
            request.Headers.TryAdd("Accept", "application/json");
            return request;
        }
    }

    /// <summary>Follows @odata.nextLink for several collections at once: each round sends every pending next page in one go.</summary>
    internal static class GraphPaging
    {
        /// <summary>A collection being read: its items so far, and the next page to fetch (null when complete or failed).</summary>
        internal sealed class Pages<T>
        {
            public Pages(List<T> items, string? nextLink, string what, NotFoundMeans notFound)
            {
                Items = items;
                NextLink = nextLink;
                What = what;
                NotFound = notFound;
            }

            public List<T> Items { get; }

            public string? NextLink { get; set; }

            public string What { get; }

            public NotFoundMeans NotFound { get; }

            /// <summary>Why a later page could not be read; the collection is then incomplete and must not be used.</summary>
            public Core.Backends.BackendError? Error { get; set; }
        }

        /// <summary>Most pages one collection may have; a server that keeps sending next links is a fault, not a loop.</summary>
        private const int MaxPages = 1000;

        public static async Task FollowAsync<TPage, T>(
            GraphGateway gateway,
            IReadOnlyList<Pages<T>> collections,
            ParsableFactory<TPage> factory,
            Func<TPage, (IEnumerable<T>? Items, string? NextLink)> read,
            CancellationToken cancellationToken)
            where TPage : IParsable
        {
            for (var round = 0; round < MaxPages; round++)
            {
                var pending = new List<(Pages<T> Pages, GraphStep Step)>();
                foreach (var c in collections)
                {
                    if (c.NextLink != null && c.Error == null)
                    {
                        pending.Add((c, new GraphStep(GraphRequests.NextPage(c.NextLink), c.What, c.NotFound)));
                    }
                }

                if (pending.Count == 0)
                {
                    return;
                }

                await gateway.ExecuteAsync(pending.ConvertAll(p => p.Step), cancellationToken).ConfigureAwait(false);
                foreach (var (pages, step) in pending)
                {
                    if (!step.IsSuccess)
                    {
                        pages.Error = step.Error ?? new Core.Backends.BackendError(Core.Backends.BackendErrorCode.ServerFault, $"{step.What}: Graph answered HTTP {step.Status} without a body.", "HTTP " + step.Status);
                        pages.NextLink = null;
                        continue;
                    }

                    var page = await step.ParseAsync(factory, cancellationToken).ConfigureAwait(false);
                    if (page == null)
                    {
                        pages.NextLink = null;
                        continue;
                    }

                    var (items, next) = read(page);
                    if (items != null)
                    {
                        pages.Items.AddRange(items);
                    }

                    pages.NextLink = next;
                }
            }

            foreach (var c in collections)
            {
                if (c.NextLink != null && c.Error == null)
                {
                    c.Error = new Core.Backends.BackendError(Core.Backends.BackendErrorCode.ServerFault, $"{c.What}: Graph kept sending next pages ({MaxPages}).", "TooManyPages");
                    c.NextLink = null;
                }
            }
        }
    }
}
