using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Access;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;
using GraphCalendar = Microsoft.Graph.Models.Calendar;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Online.Graph
{
    /// <summary>
    /// The AccessReport capability on Graph. The organisation's mailboxes: GET /users?$select=mail,userPrincipalName
    /// &amp;$filter=mail ne null&amp;$top=n, paged by @odata.nextLink (the page token); "ne null" is an advanced query, so
    /// ConsistencyLevel: eventual and $count=true go with it (https://learn.microsoft.com/graph/api/user-list,
    /// https://learn.microsoft.com/graph/aad-advanced-queries). The calendars of a mailbox: the default one as
    /// /users/{id}/calendar (never by its name), secondary ones from /users/{id}/calendars?$select=id,name,isDefaultCalendar,
    /// one request per mailbox, all of a batch sent together in JSON batches of 20 (https://learn.microsoft.com/graph/json-batching).
    /// </summary>
    public sealed partial class GraphCalendarBackend : IAccessScanBackend
    {
        public async Task<MailboxPage> ListMailboxesAsync(string? pageToken, int pageSize, CancellationToken cancellationToken)
        {
            RequestInformation request;
            if (pageToken == null)
            {
                request = gateway.Client.Users.ToGetRequestInformation(rc =>
                {
                    rc.QueryParameters.Select = new[] { "id", "mail", "userPrincipalName" };
                    rc.QueryParameters.Filter = "mail ne null";
                    rc.QueryParameters.Count = true;
                    rc.QueryParameters.Top = Math.Max(1, Math.Min(999, pageSize)); // $top on users is 1..999
                    rc.Headers.Add("ConsistencyLevel", "eventual");
                });
            }
            else
            {
                if (!Uri.TryCreate(pageToken, UriKind.Absolute, out _))
                {
                    throw new BackendException(new BackendError(BackendErrorCode.InvalidInput, Texts.Format(nameof(Texts.Error_GraphNotAPage), pageToken)));
                }

                request = GraphRequests.NextPage(pageToken);
                request.Headers.TryAdd("ConsistencyLevel", "eventual");
            }

            var step = new GraphStep(request, "Cannot list the organisation's mailboxes", NotFoundMeans.Principal);
            await gateway.ExecuteAsync(new[] { step }, cancellationToken).ConfigureAwait(false);
            if (!step.IsSuccess)
            {
                throw new BackendException(step.Error ?? UnexpectedStatus(step));
            }

            var page = await step.ParseAsync(UserCollectionResponse.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
            var mailboxes = (page?.Value ?? new List<User>())
                .Select(u => !string.IsNullOrEmpty(u.Mail) ? u.Mail! : u.UserPrincipalName)
                .Where(a => !string.IsNullOrWhiteSpace(a))
                .Select(a => a!.Trim())
                .ToList();
            return new MailboxPage(mailboxes, string.IsNullOrEmpty(page?.OdataNextLink) ? null : page!.OdataNextLink);
        }

        public async Task<IReadOnlyList<BackendResult<IReadOnlyList<CalendarAddress>>>> ListCalendarsAsync(IReadOnlyList<string> mailboxes, bool includeSecondary, CancellationToken cancellationToken)
        {
            var results = new BackendResult<IReadOnlyList<CalendarAddress>>[mailboxes.Count];
            var lists = new List<(int Index, GraphStep Step)>();
            for (var i = 0; i < mailboxes.Count; i++)
            {
                CalendarAddress address;
                try
                {
                    address = CalendarAddress.Default(mailboxes[i]);
                }
                catch (FormatException ex)
                {
                    results[i] = BackendResult<IReadOnlyList<CalendarAddress>>.Fail(new BackendError(BackendErrorCode.InvalidInput, ex.Message));
                    continue;
                }

                if (!includeSecondary)
                {
                    // The default calendar needs no request: /users/{id}/calendar reaches it, and says when the mailbox is missing.
                    results[i] = BackendResult<IReadOnlyList<CalendarAddress>>.Ok(new[] { address });
                    continue;
                }

                var mailbox = mailboxes[i];
                lists.Add((i, new GraphStep(
                    gateway.Client.Users[mailbox].Calendars.ToGetRequestInformation(rc => rc.QueryParameters.Select = new[] { "id", "name", "isDefaultCalendar" }),
                    $"Cannot list the calendars of {mailbox}",
                    NotFoundMeans.Mailbox)));
            }

            if (lists.Count == 0)
            {
                return results;
            }

            await gateway.ExecuteAsync(lists.Select(l => l.Step).ToList(), cancellationToken).ConfigureAwait(false);
            var pages = new List<(int Index, GraphPaging.Pages<GraphCalendar> Pages)>();
            foreach (var (index, step) in lists)
            {
                if (!step.IsSuccess)
                {
                    results[index] = BackendResult<IReadOnlyList<CalendarAddress>>.Fail(step.Error ?? UnexpectedStatus(step));
                    continue;
                }

                var first = await step.ParseAsync(CalendarCollectionResponse.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
                pages.Add((index, new GraphPaging.Pages<GraphCalendar>(first?.Value ?? new List<GraphCalendar>(), first?.OdataNextLink, step.What, NotFoundMeans.Mailbox)));
            }

            await GraphPaging.FollowAsync(gateway, pages.Select(p => p.Pages).ToList(), CalendarCollectionResponse.CreateFromDiscriminatorValue, p => (p.Value, p.OdataNextLink), cancellationToken).ConfigureAwait(false);
            foreach (var (index, p) in pages)
            {
                if (p.Error != null)
                {
                    results[index] = BackendResult<IReadOnlyList<CalendarAddress>>.Fail(p.Error);
                    continue;
                }

                var mailbox = mailboxes[index];
                var calendars = new List<CalendarAddress> { CalendarAddress.Default(mailbox) };
                calendars.AddRange(p.Items.Where(c => c.IsDefaultCalendar != true && !string.IsNullOrEmpty(c.Id)).Select(c => CalendarAddress.ById(mailbox, c.Id!)));
                results[index] = BackendResult<IReadOnlyList<CalendarAddress>>.Ok(calendars);
            }

            return results;
        }
    }
}
