using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Permissions;
using CalendarSharing.Ews;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Ews
{
    /// <summary>
    /// Plain SMTP addresses resolve in bulk (FindPeople pages of the address list, GetMailTips for the rest) and give the
    /// same answers as ResolveNames one name at a time; every other kind of name still goes to ResolveNames. Counts the
    /// requests the sandbox answers, by operation; the sandbox checks every message against the official XSDs.
    /// </summary>
    public class EwsBulkResolutionTests
    {
        private static readonly string[] ResolutionOperations = { "ResolveNames", "FindPeople", "GetMailTips", "GetServiceConfiguration" };

        private static Dictionary<string, int> Counts(SandboxOrganization org) => new Dictionary<string, int>(org.RequestCounts);

        private static int Sent(SandboxOrganization org, Dictionary<string, int> before, string operation) =>
            org.RequestCount(operation) - (before.TryGetValue(operation, out var n) ? n : 0);

        private static int Resolution(SandboxOrganization org, Dictionary<string, int> before) =>
            ResolutionOperations.Sum(o => Sent(org, before, o));

        private static string Describe(BackendResult<Principal> r) =>
            r.IsSuccess
                ? $"{r.Value!.Kind} {r.Value.Address} '{r.Value.DisplayName}'"
                : $"{r.Error!.Code} {r.Error.ServerCode} {r.Error.Message}";

        [Fact]
        public async Task A_thousand_distinct_smtp_users_cost_a_few_requests_not_one_each()
        {
            using var s = await SandboxSession.StartAsync(new SandboxOptions { GeneratedMailboxes = 1000 });
            var names = Enumerable.Range(1, 1000).Select(i => $"user{i:D4}@contoso.com").ToList();
            var before = Counts(s.Org);

            var results = await s.Backend.ResolvePrincipalsAsync(names, CancellationToken.None);

            var perRequest = s.Org.Options.MaxRecipientsPerGetMailTipsRequest;
            var budget = (1000 + perRequest - 1) / perRequest + 2;
            Assert.True(Resolution(s.Org, before) <= budget, $"{Resolution(s.Org, before)} resolution requests for 1,000 users (budget {budget})");
            Assert.Equal(0, Sent(s.Org, before, "ResolveNames"));
            for (var i = 0; i < names.Count; i++)
            {
                Assert.True(results[i].IsSuccess, Describe(results[i]));
                Assert.Equal(PrincipalKind.Internal, results[i].Value!.Kind);
                Assert.Equal(names[i], results[i].Value!.Address);
                Assert.Equal($"User {i + 1:D4}", results[i].Value!.DisplayName);
            }

            // Asked again (another command of the same connection): no request at all.
            var again = Counts(s.Org);
            await s.Backend.ResolvePrincipalsAsync(names.Select(n => n.ToUpperInvariant()).ToList(), CancellationToken.None);
            Assert.Equal(0, Resolution(s.Org, again));
            s.AssertWireValid();
        }

        [Fact]
        public async Task Unknown_addresses_are_settled_by_GetMailTips_in_batches_of_the_servers_limit_with_the_error_ResolveNames_gives()
        {
            using var s = await SandboxSession.StartAsync(new SandboxOptions { MaxRecipientsPerGetMailTipsRequest = 7 });
            var unknown = Enumerable.Range(1, 30).Select(i => $"nobody{i:D2}@contoso.com").ToList();
            var before = Counts(s.Org);

            var results = await s.Backend.ResolvePrincipalsAsync(unknown.Concat(new[] { "bob@contoso.com" }).ToList(), CancellationToken.None);

            Assert.Equal(5, Sent(s.Org, before, "GetMailTips")); // 30 in batches of 7
            Assert.Equal(1, Sent(s.Org, before, "GetServiceConfiguration"));
            Assert.Equal(0, Sent(s.Org, before, "ResolveNames"));
            Assert.Equal("bob@contoso.com", results[30].Value!.Address);

            // The same failure as ResolveNames one name at a time gives (a connection that resolves a single name).
            using var single = await SandboxSession.StartAsync();
            var alone = (await single.Backend.ResolvePrincipalsAsync(new[] { "nobody01@contoso.com" }, CancellationToken.None))[0];
            Assert.Equal(1, single.Org.RequestCount("ResolveNames"));
            Assert.False(alone.IsSuccess);
            Assert.Equal(BackendErrorCode.PrincipalNotFound, alone.Error!.Code);
            Assert.Equal(Describe(alone), Describe(results[0]));
            Assert.Equal(ErrorCatalog.FromBackend(alone.Error, null, null, "nobody01@contoso.com").ErrorId, ErrorCatalog.FromBackend(results[0].Error!, null, null, "nobody01@contoso.com").ErrorId);
            Assert.All(results.Take(30), r => Assert.Equal(BackendErrorCode.PrincipalNotFound, r.Error!.Code));

            // The server's configuration is asked once per connection.
            await s.Backend.ResolvePrincipalsAsync(Enumerable.Range(1, 10).Select(i => $"ghost{i}@contoso.com").ToList(), CancellationToken.None);
            Assert.Equal(1, Sent(s.Org, before, "GetServiceConfiguration"));
            Assert.Equal(5 + 2, Sent(s.Org, before, "GetMailTips"));
            Assert.Equal(0, Sent(s.Org, before, "ResolveNames"));
            s.AssertWireValid();
            single.AssertWireValid();
        }

        [Fact]
        public async Task Aliases_display_names_external_and_unknown_inputs_resolve_as_they_do_one_at_a_time()
        {
            // Enough plain SMTP addresses of contoso.com for a bulk lookup, among every other kind of name; the unknown ones
            // are more than the bulk threshold, so GetMailTips settles them.
            var names = new[]
            {
                "bob@contoso.com", "CAROL@contoso.com", "smtp:alice@contoso.com", "carol", "CONTOSO\\carol", "Alice Anders", "Zebediah Nobody",
                "partner@fabrikam.com", "someone@elsewhere.example", "nobody@contoso.com", "ghost@contoso.com", "Default", "anonymous", "   ", "hans@contoso.com",
                "Marie@Contoso.com", "boardroom@contoso.com", "user0002@contoso.com", "admin@contoso.com",
            }.Concat(Enumerable.Range(1, EwsCalendarBackend.BulkResolutionThreshold).Select(i => $"missing{i}@contoso.com")).ToList();

            using var bulk = await SandboxSession.StartAsync(new SandboxOptions { GeneratedMailboxes = 3 });
            var before = Counts(bulk.Org);
            var together = await bulk.Backend.ResolvePrincipalsAsync(names, CancellationToken.None);
            Assert.Equal(1, Sent(bulk.Org, before, "FindPeople"));
            Assert.Equal(1, Sent(bulk.Org, before, "GetMailTips"));

            // ResolveNames only for what the bulk lookups cannot answer: the alias, CONTOSO\carol, the two display names and
            // the address with its routing prefix.
            Assert.Equal(5, Sent(bulk.Org, before, "ResolveNames"));

            foreach (var (name, answer) in names.Zip(together, (n, a) => (n, a)))
            {
                using var one = await SandboxSession.StartAsync(new SandboxOptions { GeneratedMailboxes = 3 });
                var alone = (await one.Backend.ResolvePrincipalsAsync(new[] { name }, CancellationToken.None))[0];
                Assert.Equal(0, one.Org.RequestCount("FindPeople") + one.Org.RequestCount("GetMailTips"));
                Assert.True(Describe(alone) == Describe(answer), $"'{name}': alone {Describe(alone)}, in bulk {Describe(answer)}");
                one.AssertWireValid();
            }

            bulk.AssertWireValid();
        }

        [Fact]
        public async Task Without_mail_tips_or_an_address_list_every_name_still_resolves_through_ResolveNames()
        {
            // Exchange 2010 has GetMailTips but no FindPeople; here mail tips are also turned off.
            using var s = await SandboxSession.StartAsync(new SandboxOptions { MailTipsEnabled = false, GeneratedMailboxes = 20 }, o => o.RequestServerVersion = "Exchange2010_SP2");
            var names = Enumerable.Range(1, 20).Select(i => $"user{i:D4}@contoso.com").Append("nobody@contoso.com").ToList();
            var before = Counts(s.Org);
            var results = await s.Backend.ResolvePrincipalsAsync(names, CancellationToken.None);

            Assert.Equal(0, Sent(s.Org, before, "FindPeople"));
            Assert.Equal(0, Sent(s.Org, before, "GetMailTips"));
            Assert.Equal(1, Sent(s.Org, before, "GetServiceConfiguration"));
            Assert.Equal(21, Sent(s.Org, before, "ResolveNames"));
            Assert.Equal("user0001@contoso.com", results[0].Value!.Address);
            Assert.Equal("User 0020", results[19].Value!.DisplayName);
            Assert.Equal(BackendErrorCode.PrincipalNotFound, results[20].Error!.Code);
            s.AssertWireValid();
        }

        [Fact]
        public async Task A_connection_refused_the_address_list_stops_asking_for_it_and_still_resolves_every_name()
        {
            using var s = await SandboxSession.StartAsync(new SandboxOptions { GeneratedMailboxes = 20 });
            s.Org.BeforeOperation = op =>
            {
                if (op == "FindPeople")
                {
                    throw new CalendarSharing.Sandbox.Faults.EwsFaultException("ErrorAccessDenied");
                }
            };
            var before = Counts(s.Org);

            var first = await s.Backend.ResolvePrincipalsAsync(Enumerable.Range(1, 10).Select(i => $"user{i:D4}@contoso.com").ToList(), CancellationToken.None);
            var second = await s.Backend.ResolvePrincipalsAsync(Enumerable.Range(11, 10).Select(i => $"user{i:D4}@contoso.com").ToList(), CancellationToken.None);

            Assert.Equal(1, Sent(s.Org, before, "FindPeople"));
            Assert.Equal(20, Sent(s.Org, before, "ResolveNames"));
            Assert.All(first.Concat(second), r => Assert.True(r.IsSuccess, Describe(r)));
            Assert.Equal("User 0020", second[9].Value!.DisplayName);
        }

        [Fact]
        public async Task A_few_names_in_a_large_address_list_do_not_page_through_all_of_it()
        {
            var count = (EwsCalendarBackend.BulkResolutionThreshold + 1) * EwsCalendarBackend.DirectoryPageSize;
            using var s = await SandboxSession.StartAsync(new SandboxOptions { GeneratedMailboxes = count });
            var names = Enumerable.Range(count - EwsCalendarBackend.BulkResolutionThreshold + 1, EwsCalendarBackend.BulkResolutionThreshold).Select(i => $"user{i:D4}@contoso.com").ToList();
            var before = Counts(s.Org);

            // All are on the last page: after the first page, as many pages are left as names, so ResolveNames answers them
            // (after one GetMailTips that finds them valid).
            var results = await s.Backend.ResolvePrincipalsAsync(names, CancellationToken.None);

            Assert.Equal(1, Sent(s.Org, before, "FindPeople"));
            Assert.Equal(1, Sent(s.Org, before, "GetMailTips"));
            Assert.Equal(names.Count, Sent(s.Org, before, "ResolveNames"));
            Assert.Equal(names, results.Select(r => r.Value!.Address));
            Assert.Equal($"User {count:D4}", results[names.Count - 1].Value!.DisplayName);
            s.AssertWireValid();
        }

        [Fact]
        public void A_GetMailTips_answer_is_read_per_recipient_in_request_order()
        {
            // The shape of https://learn.microsoft.com/exchange/client-developer/web-service-reference/getmailtips-operation
            // (the recipient's address echoed with an empty Name), one valid and one invalid recipient, one still pending.
            const string M = "http://schemas.microsoft.com/exchange/services/2006/messages";
            const string T = "http://schemas.microsoft.com/exchange/services/2006/types";
            var payload = System.Xml.Linq.XElement.Parse(
                $"<GetMailTipsResponse ResponseClass=\"Success\" xmlns=\"{M}\"><ResponseCode>NoError</ResponseCode><ResponseMessages>" +
                $"<MailTipsResponseMessageType ResponseClass=\"Success\"><ResponseCode>NoError</ResponseCode><m:MailTips xmlns:m=\"{M}\" xmlns:t=\"{T}\"><t:RecipientAddress><t:Name/><t:EmailAddress>bob@contoso.com</t:EmailAddress><t:RoutingType>SMTP</t:RoutingType></t:RecipientAddress><t:PendingMailTips/><t:InvalidRecipient>false</t:InvalidRecipient></m:MailTips></MailTipsResponseMessageType>" +
                $"<MailTipsResponseMessageType ResponseClass=\"Success\"><ResponseCode>NoError</ResponseCode><m:MailTips xmlns:m=\"{M}\" xmlns:t=\"{T}\"><t:RecipientAddress><t:EmailAddress>nobody@contoso.com</t:EmailAddress></t:RecipientAddress><t:PendingMailTips/><t:InvalidRecipient>true</t:InvalidRecipient></m:MailTips></MailTipsResponseMessageType>" +
                $"<MailTipsResponseMessageType ResponseClass=\"Success\"><ResponseCode>NoError</ResponseCode><m:MailTips xmlns:m=\"{M}\" xmlns:t=\"{T}\"><t:RecipientAddress><t:EmailAddress>slow@contoso.com</t:EmailAddress></t:RecipientAddress><t:PendingMailTips>InvalidRecipient</t:PendingMailTips></m:MailTips></MailTipsResponseMessageType>" +
                "</ResponseMessages></GetMailTipsResponse>");
            var op = new CalendarSharing.Ews.Protocol.GetMailTipsOperation("admin@contoso.com", new[] { "bob@contoso.com", "nobody@contoso.com", "slow@contoso.com" });

            var answer = op.ReadResponse(payload);

            Assert.True(answer.IsSuccess);
            Assert.Equal(new bool?[] { false, true, null }, answer.Value!.Select(t => t.Value!.InvalidRecipient));
            Assert.Equal(new[] { false, false, true }, answer.Value!.Select(t => t.Value!.Pending));
            Assert.Equal("nobody@contoso.com", answer.Value![1].Value!.RecipientAddress);
            Assert.Throws<CalendarSharing.Ews.EwsProtocolException>(() => new CalendarSharing.Ews.Protocol.GetMailTipsOperation(null, new[] { "a@contoso.com" }).ReadResponse(payload));
        }
    }
}
