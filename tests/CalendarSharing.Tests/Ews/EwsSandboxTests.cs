using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Permissions;
using CalendarSharing.Core.Resilience;
using CalendarSharing.Ews;
using CalendarSharing.Ews.Protocol;
using CalendarSharing.Sandbox;
using Xunit;

namespace CalendarSharing.Tests.Ews
{
    /// <summary>Our EWS client against the sandbox's EWS endpoint (strict schema validation on both sides).</summary>
    public class EwsSandboxTests
    {
        private const string AdminPassword = "Sandbox!Admin1";

        private static SandboxOrganization Org(SandboxOptions? options = null)
        {
            // Fail, never skip, when the schemas are missing: strict mode needs them.
            EwsWireTests.Validator();
            options ??= new SandboxOptions();
            options.StrictValidation = true;
            return SandboxOrganization.Create(options);
        }

        private static EwsConnectionOptions Options(SandboxOrganization org, string user = "admin@contoso.com", string password = AdminPassword, List<string>? trace = null) =>
            new EwsConnectionOptions
            {
                Url = org.EwsUrl,
                Credential = new NetworkCredential(user, password),
                Authentication = EwsAuthentication.Basic,
                Handler = org.CreateHandler(),
                Kind = ConnectionKind.Sandbox,
                Retry = new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromSeconds(2) },
                Trace = trace == null ? null : new Action<string>(line => { lock (trace) { trace.Add(line); } }),
            };

        private static EwsCalendarBackend Backend(SandboxOrganization org, Action<EwsConnectionOptions>? tweak = null)
        {
            var options = Options(org);
            tweak?.Invoke(options);
            return new EwsCalendarBackend(options);
        }

        private static void NoSchemaViolations(SandboxOrganization org) =>
            Assert.True(org.SchemaViolations.Count == 0, string.Join(Environment.NewLine, org.SchemaViolations));

        private static PermissionEntry Entry(CalendarPermissionSet set, Principal principal) =>
            set.Entries.Single(e => e.Principal.Equals(principal));

        private static CalendarChangeSet Change(string mailbox, params PermissionChange[] changes) =>
            new CalendarChangeSet(CalendarAddress.Parse(mailbox), changes);

        private static PermissionChange Grant(string user, CalendarRole role) => new PermissionChange(Principal.User(user), role);

        private static string Acl(SandboxOrganization org, string mailbox, string? calendar = null) =>
            string.Join(";", org.GetCalendarAcl(mailbox, calendar).Select(p => p.ToString()));

        [Fact]
        public async Task Connect_fills_the_info_from_the_server()
        {
            var org = Org();
            using var backend = Backend(org);
            await backend.ConnectAsync(CancellationToken.None);
            Assert.Contains("V2017_07_11", backend.Info.ServerVersion);
            Assert.Equal(ConnectionKind.Sandbox, backend.Info.Kind);
            Assert.Equal("Sandbox", backend.Info.SourceName);
            Assert.Equal("admin@contoso.com", backend.Info.UserName);
            Assert.Equal("contoso.com", backend.Info.Organization);
            Assert.Equal(EwsAuthentication.Basic, backend.Info.Authentication);
            NoSchemaViolations(org);
        }

        [Fact]
        public async Task Reads_seeded_permissions_of_default_localised_and_secondary_calendars()
        {
            var org = Org();
            using var backend = Backend(org);
            var results = await backend.GetPermissionsAsync(
                new[]
                {
                    CalendarAddress.Parse("alice@contoso.com"),
                    CalendarAddress.Parse("hans@contoso.com:\\Kalender"),
                    CalendarAddress.Parse("marie@contoso.com", "Calendrier"),
                    CalendarAddress.Parse("alice@contoso.com:\\team events"),
                },
                CancellationToken.None);

            Assert.All(results, r => Assert.True(r.IsSuccess, r.ToString()));
            var alice = results[0].Value!;
            Assert.Equal(CalendarRole.AvailabilityOnly, Entry(alice, Principal.Default).Role);
            Assert.Equal(CalendarRole.None, Entry(alice, Principal.Anonymous).Role);
            var carol = Entry(alice, Principal.User("carol@contoso.com"));
            Assert.Equal(CalendarRole.Reviewer, carol.Role);
            Assert.Equal(PrincipalKind.Internal, carol.Principal.Kind);
            Assert.Equal(3, alice.Entries.Count);
            Assert.False(string.IsNullOrEmpty(alice.Version));
            Assert.True(alice.IsDefaultCalendar);

            var hans = results[1].Value!;
            Assert.Equal("Kalender", hans.CalendarName);
            Assert.Equal(CalendarRole.LimitedDetails, Entry(hans, Principal.User("marie@contoso.com")).Role);

            var marie = results[2].Value!;
            Assert.Equal("Calendrier", marie.CalendarName);
            Assert.Equal(CalendarRole.LimitedDetails, Entry(marie, Principal.Default).Role);

            var team = results[3].Value!;
            Assert.Equal("Team Events", team.CalendarName);
            Assert.False(team.IsDefaultCalendar);
            Assert.Equal(CalendarRole.None, Entry(team, Principal.Default).Role);
            Assert.Equal(CalendarRole.Editor, Entry(team, Principal.User("bob@contoso.com")).Role);
            NoSchemaViolations(org);
        }

        [Fact]
        public async Task Unknown_mailbox_and_unknown_calendar_fail_per_item_among_good_ones()
        {
            var org = Org();
            using var backend = Backend(org);
            var results = await backend.GetPermissionsAsync(
                new[]
                {
                    CalendarAddress.Parse("alice@contoso.com"),
                    CalendarAddress.Parse("ghost@contoso.com"),
                    CalendarAddress.Parse("bob@contoso.com"),
                    CalendarAddress.Parse("alice@contoso.com:\\Holidays"),
                },
                CancellationToken.None);

            Assert.True(results[0].IsSuccess);
            Assert.False(results[1].IsSuccess);
            Assert.Equal(BackendErrorCode.MailboxNotFound, results[1].Error!.Code);
            Assert.True(results[2].IsSuccess);
            Assert.Equal(BackendErrorCode.CalendarNotFound, results[3].Error!.Code);
            Assert.Contains("Holidays", results[3].Error!.Message);
            Assert.Contains("Team Events", results[3].Error!.Message);
            NoSchemaViolations(org);
        }

        [Fact]
        public async Task Grant_update_and_remove_land_on_the_server()
        {
            var org = Org();
            using var backend = Backend(org);
            var first = await backend.ApplyAsync(
                new[] { Change("alice@contoso.com", Grant("bob@contoso.com", CalendarRole.Reviewer), Grant("carol@contoso.com", CalendarRole.Editor), new PermissionChange(Principal.Default, CalendarRole.LimitedDetails)) },
                CancellationToken.None);
            var r = Assert.Single(first);
            Assert.True(r.IsSuccess, r.ToString());
            Assert.Equal(new[] { ShareAction.Added, ShareAction.Updated, ShareAction.Updated }, r.Value!.Outcomes.Select(o => o.Action));
            Assert.Equal(CalendarRole.Reviewer, r.Value.Outcomes[1].PreviousRole);
            Assert.Equal("Default=FreeBusyTimeAndSubjectAndLocation;Anonymous=None;carol@contoso.com=Editor;bob@contoso.com=Reviewer", Acl(org, "alice@contoso.com"));
            Assert.Equal(org.GetCalendarChangeKey("alice@contoso.com"), r.Value.Calendar.Version);

            var again = await backend.ApplyAsync(new[] { Change("alice@contoso.com", Grant("bob@contoso.com", CalendarRole.Reviewer)) }, CancellationToken.None);
            Assert.Equal(ShareAction.Unchanged, again[0].Value!.Outcomes[0].Action);

            var removed = await backend.ApplyAsync(new[] { Change("alice@contoso.com", new PermissionChange(Principal.User("bob@contoso.com"), null)) }, CancellationToken.None);
            Assert.Equal(ShareAction.Removed, removed[0].Value!.Outcomes[0].Action);
            Assert.DoesNotContain("bob@", Acl(org, "alice@contoso.com"));
            Assert.Equal(2, org.RequestCounts["UpdateFolder"]); // the unchanged run wrote nothing
            NoSchemaViolations(org);
        }

        [Fact]
        public async Task Batched_write_fails_only_the_item_the_policy_forbids()
        {
            var org = Org();
            using var backend = Backend(org, o => o.MaxBatchSize = 10);
            var results = await backend.ApplyAsync(
                new[]
                {
                    Change("alice@contoso.com", Grant("bob@contoso.com", CalendarRole.Reviewer)),
                    Change("bob@contoso.com", new PermissionChange(Principal.User("partner@fabrikam.com", external: true), CalendarRole.Reviewer)),
                    Change("ghost@contoso.com", Grant("bob@contoso.com", CalendarRole.Reviewer)),
                    Change("carol@contoso.com", new PermissionChange(Principal.User("partner@fabrikam.com", external: true), CalendarRole.LimitedDetails)),
                    Change("marie@contoso.com", Grant("nobody@contoso.com", CalendarRole.Reviewer)),
                },
                CancellationToken.None);

            Assert.True(results[0].IsSuccess, results[0].ToString());
            Assert.Equal(BackendErrorCode.NotAllowedByPolicy, results[1].Error!.Code);
            Assert.Contains("partner@fabrikam.com", results[1].Error!.Message);
            Assert.Equal(BackendErrorCode.MailboxNotFound, results[2].Error!.Code);
            Assert.True(results[3].IsSuccess, results[3].ToString());
            Assert.Equal(BackendErrorCode.PrincipalNotFound, results[4].Error!.Code);
            Assert.Contains("nobody@contoso.com", results[4].Error!.Message);
            Assert.Contains("partner@fabrikam.com=FreeBusyTimeAndSubjectAndLocation", Acl(org, "carol@contoso.com"));
            Assert.DoesNotContain("partner", Acl(org, "bob@contoso.com"));
            Assert.Equal(1, org.RequestCounts["UpdateFolder"]);

            var carol = (await backend.GetPermissionsAsync(new[] { CalendarAddress.Parse("carol@contoso.com") }, CancellationToken.None))[0].Value!;
            var partner = Entry(carol, Principal.User("partner@fabrikam.com"));
            Assert.Equal(PrincipalKind.External, partner.Principal.Kind);
            Assert.Equal(CalendarRole.LimitedDetails, partner.Role);
            NoSchemaViolations(org);
        }

        [Fact]
        public async Task Reads_are_batched_by_MaxBatchSize()
        {
            var org = Org(new SandboxOptions { GeneratedMailboxes = 25 });
            using var backend = Backend(org, o => o.MaxBatchSize = 10);
            var addresses = Enumerable.Range(1, 25).Select(i => CalendarAddress.Parse($"user{i:0000}@contoso.com")).ToList();
            var results = await backend.GetPermissionsAsync(addresses, CancellationToken.None);
            Assert.All(results, r => Assert.True(r.IsSuccess, r.ToString()));
            Assert.Equal(3, org.RequestCounts["GetFolder"]);
            NoSchemaViolations(org);
        }

        [Fact]
        public async Task Throttled_requests_back_off_and_succeed()
        {
            var org = Org(new SandboxOptions { EwsConcurrencyLimit = 2, BackOffMilliseconds = 100, Latency = TimeSpan.FromMilliseconds(20), GeneratedMailboxes = 20 });
            var trace = new List<string>();
            var options = Options(org, trace: trace);
            options.MaxConcurrency = 16;
            options.MaxBatchSize = 1;
            using var backend = new EwsCalendarBackend(options);
            var calls = Enumerable.Range(1, 20).Select(i => backend.GetPermissionsAsync(new[] { CalendarAddress.Parse($"user{i:0000}@contoso.com") }, CancellationToken.None));
            var results = (await Task.WhenAll(calls)).SelectMany(r => r).ToList();
            Assert.All(results, r => Assert.True(r.IsSuccess, r.ToString()));
            Assert.True(org.ThrottledResponses > 0, "the sandbox never throttled; the test proves nothing");
            Assert.Contains(trace, l => l.Contains("ErrorServerBusy"));
            NoSchemaViolations(org);
        }

        [Fact]
        public async Task Throttling_past_the_budget_is_reported_as_Throttled()
        {
            var org = Org(new SandboxOptions { EwsConcurrencyLimit = 1, BackOffMilliseconds = 50, Latency = TimeSpan.FromMilliseconds(400) });
            var options = Options(org);
            options.Retry = new RetryOptions { MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(10) };
            using var backend = new EwsCalendarBackend(options);
            var slow = backend.GetPermissionsAsync(new[] { CalendarAddress.Parse("alice@contoso.com") }, CancellationToken.None);
            await Task.Delay(100);
            var ex = await Assert.ThrowsAsync<BackendException>(() => backend.GetPermissionsAsync(new[] { CalendarAddress.Parse("bob@contoso.com") }, CancellationToken.None));
            Assert.Equal(BackendErrorCode.Throttled, ex.Error.Code);
            Assert.Equal("ErrorServerBusy", ex.Error.ServerCode);
            Assert.True((await slow)[0].IsSuccess);
        }

        [Fact]
        public async Task Two_change_sets_for_one_calendar_in_one_call_both_land()
        {
            var org = Org();
            using var backend = Backend(org);
            var results = await backend.ApplyAsync(
                new[] { Change("alice@contoso.com", Grant("bob@contoso.com", CalendarRole.Reviewer)), Change("alice@contoso.com", Grant("hans@contoso.com", CalendarRole.Author)) },
                CancellationToken.None);
            Assert.All(results, r => Assert.True(r.IsSuccess, r.ToString()));
            var acl = Acl(org, "alice@contoso.com");
            Assert.Contains("bob@contoso.com=Reviewer", acl);
            Assert.Contains("hans@contoso.com=Author", acl);
            NoSchemaViolations(org);
        }

        [Fact]
        public async Task Transient_faults_are_retried()
        {
            var org = Org(new SandboxOptions { TransientFaultRate = 0.3, Seed = 7, GeneratedMailboxes = 12 });
            using var backend = Backend(org, o => o.MaxBatchSize = 2);
            var addresses = Enumerable.Range(1, 12).Select(i => CalendarAddress.Parse($"user{i:0000}@contoso.com")).ToList();
            var reads = await backend.GetPermissionsAsync(addresses, CancellationToken.None);
            Assert.All(reads, r => Assert.True(r.IsSuccess, r.ToString()));
            var writes = await backend.ApplyAsync(addresses.Select(a => new CalendarChangeSet(a, new[] { Grant("alice@contoso.com", CalendarRole.Reviewer) })).ToList(), CancellationToken.None);
            Assert.All(writes, r => Assert.True(r.IsSuccess, r.ToString()));
            Assert.True(org.TransientFaults > 0, "no transient fault was injected; the test proves nothing");
            Assert.All(addresses, a => Assert.Contains("alice@contoso.com=Reviewer", Acl(org, a.Mailbox)));
            NoSchemaViolations(org);
        }

        [Fact]
        public async Task Stale_change_key_is_re_read_and_merged_with_the_other_writer()
        {
            var org = Org();
            var fired = 0;
            var options = Options(org);
            options.Trace = line =>
            {
                // Another writer changes the ACL between our read and our write.
                if (line.Contains("UpdateFolder") && line.Contains("request attempt") && Interlocked.Exchange(ref fired, 1) == 0)
                {
                    org.ModifyCalendarAcl("alice@contoso.com", acl => acl["boardroom@contoso.com"] = "Reviewer");
                }
            };
            using var backend = new EwsCalendarBackend(options);
            var result = await backend.ApplyAsync(new[] { Change("alice@contoso.com", Grant("bob@contoso.com", CalendarRole.Editor)) }, CancellationToken.None);
            Assert.True(result[0].IsSuccess, result[0].ToString());
            Assert.Equal(ShareAction.Added, result[0].Value!.Outcomes[0].Action);
            var acl = Acl(org, "alice@contoso.com");
            Assert.Contains("boardroom@contoso.com=Reviewer", acl);
            Assert.Contains("bob@contoso.com=Editor", acl);
            Assert.Contains("carol@contoso.com=Reviewer", acl);
            Assert.Equal(2, org.RequestCounts["UpdateFolder"]);
            NoSchemaViolations(org);
        }

        [Fact]
        public async Task Fifty_concurrent_independent_writers_to_one_calendar_all_land()
        {
            var org = Org(new SandboxOptions { GeneratedMailboxes = 50 });
            var tasks = Enumerable.Range(1, 50).Select(async i =>
            {
                using var backend = Backend(org);
                var r = await backend.ApplyAsync(new[] { Change("alice@contoso.com", Grant($"user{i:0000}@contoso.com", CalendarRole.Reviewer)) }, CancellationToken.None);
                return r[0];
            }).ToList();
            var results = await Task.WhenAll(tasks);
            Assert.All(results, r => Assert.True(r.IsSuccess, r.ToString()));
            var acl = org.GetCalendarAcl("alice@contoso.com");
            Assert.Equal(50, acl.Count(p => p.User.StartsWith("user", StringComparison.Ordinal) && p.Level == "Reviewer"));
            Assert.Contains(acl, p => p.User == "carol@contoso.com" && p.Level == "Reviewer");
            NoSchemaViolations(org);
        }

        [Fact]
        public async Task Cancellation_stops_promptly()
        {
            var org = Org(new SandboxOptions { Latency = TimeSpan.FromSeconds(5) });
            using var backend = Backend(org);
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            var watch = Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => backend.GetPermissionsAsync(new[] { CalendarAddress.Parse("alice@contoso.com") }, cts.Token));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
        }

        [Fact]
        public async Task Cancellation_stops_a_back_off_wait()
        {
            var org = Org(new SandboxOptions { EwsConcurrencyLimit = 1, BackOffMilliseconds = 10000, Latency = TimeSpan.FromMilliseconds(300) });
            var options = Options(org);
            options.MaxConcurrency = 4;
            options.Retry = new RetryOptions { MaxDelay = TimeSpan.FromSeconds(30) };
            using var backend = new EwsCalendarBackend(options);
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(600));
            var watch = Stopwatch.StartNew();
            var calls = Enumerable.Range(0, 3).Select(_ => backend.GetPermissionsAsync(new[] { CalendarAddress.Parse("alice@contoso.com") }, cts.Token)).ToList();
            foreach (var call in calls)
            {
                try
                {
                    await call;
                }
                catch (OperationCanceledException)
                {
                }
            }

            Assert.True(calls.Any(c => c.IsCanceled), "no call was waiting when cancelled");
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
        }

        [Fact]
        public async Task Wrong_password_is_an_authentication_error_naming_user_and_server_without_the_password()
        {
            var org = Org();
            const string wrong = "Wrong!Secret99";
            using var backend = new EwsCalendarBackend(Options(org, "admin@contoso.com", wrong));
            var ex = await Assert.ThrowsAsync<BackendException>(() => backend.ConnectAsync(CancellationToken.None));
            Assert.Equal(BackendErrorCode.Authentication, ex.Error.Code);
            Assert.Contains("admin@contoso.com", ex.Message);
            Assert.Contains("sandbox.contoso.com", ex.Message);
            Assert.DoesNotContain(wrong, ex.ToString());
            Assert.DoesNotContain(AdminPassword, ex.ToString());
        }

        [Fact]
        public void Basic_over_plain_http_is_refused()
        {
            var org = Org();
            var options = Options(org);
            options.Url = new Uri("http://sandbox.contoso.com/EWS/Exchange.asmx");
            var ex = Assert.Throws<BackendException>(() => new EwsCalendarBackend(options));
            Assert.Equal(BackendErrorCode.InvalidInput, ex.Error.Code);
            Assert.Contains("https", ex.Message);
            Assert.DoesNotContain(AdminPassword, ex.ToString());
        }

        [Fact]
        public async Task Trace_never_contains_a_secret()
        {
            var org = Org();
            var trace = new List<string>();
            using var backend = new EwsCalendarBackend(Options(org, trace: trace));
            await backend.ConnectAsync(CancellationToken.None);
            await backend.ApplyAsync(new[] { Change("alice@contoso.com", Grant("bob@contoso.com", CalendarRole.Reviewer)) }, CancellationToken.None);
            Assert.NotEmpty(trace);
            Assert.Contains(trace, l => l.Contains("UpdateFolder") && l.Contains("HTTP 200"));
            Assert.DoesNotContain(trace, l => l.Contains(AdminPassword) || l.Contains("Basic ") || l.Contains(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("admin@contoso.com:" + AdminPassword))));
        }

        [Fact]
        public async Task OAuth_bearer_token_works_and_is_never_traced()
        {
            var org = Org();
            var token = org.IssueAccessToken("admin@contoso.com");
            var trace = new List<string>();
            var options = Options(org, trace: trace);
            options.Credential = null;
            options.Authentication = EwsAuthentication.OAuth;
            options.OrganizationDomain = "contoso.com";
            options.AccessTokenProvider = _ => Task.FromResult(token);
            using var backend = new EwsCalendarBackend(options);
            await backend.ConnectAsync(CancellationToken.None);
            var read = await backend.GetPermissionsAsync(new[] { CalendarAddress.Parse("carol@contoso.com") }, CancellationToken.None);
            Assert.True(read[0].IsSuccess, read[0].ToString());
            Assert.DoesNotContain(trace, l => l.Contains(token));
            NoSchemaViolations(org);
        }

        [Fact]
        public async Task Custom_entries_survive_a_rewrite()
        {
            var org = Org();
            var options = Options(org);
            using (var client = new EwsClient(options))
            {
                // Make carol's entry custom with the low-level client: the whole set, carol with flags + Custom.
                var read = await client.ExecuteAsync(new GetFolderOperation(new[] { EwsFolderReference.Distinguished("calendar", "alice@contoso.com") }), CancellationToken.None);
                var folder = read[0].Value!;
                var perms = folder.Permissions!.Select(p => p.UserId.PrimarySmtpAddress == "carol@contoso.com"
                    ? new EwsCalendarPermission(p.UserId, "Custom") { CanCreateItems = true, IsFolderVisible = true, EditItems = "Owned", DeleteItems = "None", ReadItems = "TimeAndSubjectAndLocation" }
                    : p).ToList();
                var write = await client.ExecuteAsync(new UpdateFolderOperation(new[] { new EwsPermissionSetChange(folder.FolderId, perms) }) { TargetMailbox = "alice@contoso.com" }, CancellationToken.None);
                Assert.True(write[0].IsSuccess, write[0].Message.ToString());
            }

            Assert.Contains("carol@contoso.com=Custom", Acl(org, "alice@contoso.com"));
            using var backend = new EwsCalendarBackend(Options(org));
            var before = (await backend.GetPermissionsAsync(new[] { CalendarAddress.Parse("alice@contoso.com") }, CancellationToken.None))[0].Value!;
            Assert.Equal(CalendarRole.Custom, Entry(before, Principal.User("carol@contoso.com")).Role);

            var result = await backend.ApplyAsync(new[] { Change("alice@contoso.com", Grant("bob@contoso.com", CalendarRole.Reviewer)) }, CancellationToken.None);
            Assert.True(result[0].IsSuccess, result[0].ToString());
            Assert.Contains("carol@contoso.com=Custom", Acl(org, "alice@contoso.com"));
            var after = (await backend.GetPermissionsAsync(new[] { CalendarAddress.Parse("alice@contoso.com") }, CancellationToken.None))[0].Value!;
            var carol = (EwsCalendarPermission)Entry(after, Principal.User("carol@contoso.com")).ServerData!;
            Assert.Equal("Custom", carol.Level);
            Assert.Equal(true, carol.CanCreateItems);
            Assert.Equal("Owned", carol.EditItems);
            Assert.Equal("TimeAndSubjectAndLocation", carol.ReadItems);
            NoSchemaViolations(org);
        }

        [Fact]
        public async Task Delegate_roles_grant_read_back_update_and_remove()
        {
            var org = Org();
            using var backend = Backend(org);
            var bob = Principal.User("bob@contoso.com");
            var grant = await backend.ApplyAsync(new[] { Change("alice@contoso.com", new PermissionChange(bob, CalendarRole.Delegate)) }, CancellationToken.None);
            Assert.True(grant[0].IsSuccess, grant[0].ToString());
            Assert.Equal(ShareAction.Added, grant[0].Value!.Outcomes[0].Action);
            Assert.Contains("bob@contoso.com", org.GetDelegates("alice@contoso.com"), StringComparer.OrdinalIgnoreCase);
            Assert.Contains("bob@contoso.com=Editor", Acl(org, "alice@contoso.com"));
            Assert.Equal(org.GetCalendarChangeKey("alice@contoso.com"), grant[0].Value!.Calendar.Version);

            var read = (await backend.GetPermissionsAsync(new[] { CalendarAddress.Parse("alice@contoso.com") }, CancellationToken.None))[0].Value!;
            Assert.Equal(CalendarRole.Delegate, Entry(read, bob).Role);

            var priv = await backend.ApplyAsync(new[] { Change("alice@contoso.com", new PermissionChange(bob, CalendarRole.Delegate, canViewPrivateItems: true)) }, CancellationToken.None);
            Assert.Equal(ShareAction.Updated, priv[0].Value!.Outcomes[0].Action);
            read = (await backend.GetPermissionsAsync(new[] { CalendarAddress.Parse("alice@contoso.com") }, CancellationToken.None))[0].Value!;
            Assert.Equal(CalendarRole.DelegateCanViewPrivate, Entry(read, bob).Role);
            Assert.True(Entry(read, bob).CanViewPrivateItems);

            var demote = await backend.ApplyAsync(new[] { Change("alice@contoso.com", new PermissionChange(bob, CalendarRole.Reviewer)) }, CancellationToken.None);
            Assert.True(demote[0].IsSuccess, demote[0].ToString());
            Assert.Equal(CalendarRole.DelegateCanViewPrivate, demote[0].Value!.Outcomes[0].PreviousRole);
            Assert.Empty(org.GetDelegates("alice@contoso.com"));
            Assert.Contains("bob@contoso.com=Reviewer", Acl(org, "alice@contoso.com"));
            Assert.Contains("carol@contoso.com=Reviewer", Acl(org, "alice@contoso.com"));
            NoSchemaViolations(org);
        }

        [Fact]
        public async Task Delegate_role_on_a_secondary_calendar_is_refused_without_a_write()
        {
            var org = Org();
            using var backend = Backend(org);
            var result = await backend.ApplyAsync(new[] { new CalendarChangeSet(CalendarAddress.Parse("alice@contoso.com:\\Team Events"), new[] { new PermissionChange(Principal.User("carol@contoso.com"), CalendarRole.Delegate) }) }, CancellationToken.None);
            Assert.True(result[0].IsSuccess);
            Assert.Equal(ShareAction.Failed, result[0].Value!.Outcomes[0].Action);
            Assert.Equal(BackendErrorCode.RoleNotAllowed, result[0].Value!.Outcomes[0].ErrorCode);
            Assert.False(org.RequestCounts.ContainsKey("UpdateFolder"));
        }

        [Fact]
        public async Task Principals_resolve_by_name_smtp_and_distinguished_names()
        {
            var org = Org();
            using var backend = Backend(org);
            var results = await backend.ResolvePrincipalsAsync(
                new[] { "Alice Anders", "bob@contoso.com", "partner@fabrikam.com", "My Organization", "anonymous", "nobody@contoso.com", "Zebediah Nobody", "CONTOSO\\carol" },
                CancellationToken.None);
            Assert.Equal("alice@contoso.com", results[0].Value!.Address);
            Assert.Equal(PrincipalKind.Internal, results[0].Value!.Kind);
            Assert.Equal("Alice Anders", results[0].Value!.DisplayName);
            Assert.Equal("bob@contoso.com", results[1].Value!.Address);
            Assert.Equal(PrincipalKind.External, results[2].Value!.Kind);
            Assert.Same(Principal.Default, results[3].Value);
            Assert.Same(Principal.Anonymous, results[4].Value);
            Assert.Equal(BackendErrorCode.PrincipalNotFound, results[5].Error!.Code);
            Assert.Equal(BackendErrorCode.PrincipalNotFound, results[6].Error!.Code);
            Assert.True(results[7].IsSuccess, results[7].ToString());
            Assert.Equal("carol@contoso.com", results[7].Value!.Address);
            NoSchemaViolations(org);
        }

        [Fact]
        public async Task Impersonation_reads_and_writes_each_mailbox()
        {
            var org = Org();
            using var backend = Backend(org, o => o.UseImpersonation = true);
            var reads = await backend.GetPermissionsAsync(new[] { CalendarAddress.Parse("alice@contoso.com"), CalendarAddress.Parse("hans@contoso.com") }, CancellationToken.None);
            Assert.All(reads, r => Assert.True(r.IsSuccess, r.ToString()));
            var writes = await backend.ApplyAsync(new[] { Change("bob@contoso.com", Grant("carol@contoso.com", CalendarRole.Author)) }, CancellationToken.None);
            Assert.True(writes[0].IsSuccess, writes[0].ToString());
            Assert.Contains("carol@contoso.com=Author", Acl(org, "bob@contoso.com"));
            NoSchemaViolations(org);
        }

        /// <summary>A pass-through that records what we send (headers and body); the sandbox answers.</summary>
        private sealed class Recorder : System.Net.Http.DelegatingHandler
        {
            public Recorder(System.Net.Http.HttpMessageHandler inner)
                : base(inner)
            {
            }

            public ConcurrentQueue<(System.Net.Http.HttpRequestMessage Request, string Body)> Sent { get; } = new ConcurrentQueue<(System.Net.Http.HttpRequestMessage, string)>();

            protected override async Task<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var body = request.Content == null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
                Sent.Enqueue((request, body));
                return await base.SendAsync(request, cancellationToken);
            }
        }

        [Fact]
        public async Task Every_request_carries_the_EWS_headers_and_the_anchor_mailbox()
        {
            var org = Org();
            var recorder = new Recorder(org.CreateHandler());
            using var backend = Backend(org, o => { o.Handler = recorder; o.UseImpersonation = true; });
            await backend.ApplyAsync(new[] { Change("hans@contoso.com", Grant("bob@contoso.com", CalendarRole.Reviewer)), Change("marie@contoso.com", Grant("bob@contoso.com", CalendarRole.Reviewer)) }, CancellationToken.None);
            Assert.Equal(4, recorder.Sent.Count); // one GetFolder and one UpdateFolder per mailbox: impersonation batches per mailbox
            foreach (var (request, body) in recorder.Sent)
            {
                Assert.Equal("text/xml; charset=utf-8", request.Content!.Headers.ContentType!.ToString());
                Assert.Contains(request.Headers.Accept, a => a.MediaType == "text/xml");
                Assert.True(Guid.TryParse(request.Headers.GetValues("client-request-id").Single(), out _));
                Assert.Equal("true", request.Headers.GetValues("return-client-request-id").Single());
                Assert.Equal("Basic", request.Headers.Authorization!.Scheme);
                var anchor = request.Headers.GetValues("X-AnchorMailbox").Single();
                Assert.Contains("<t:PrimarySmtpAddress>" + anchor + "</t:PrimarySmtpAddress>", body);
                Assert.Contains("<t:RequestServerVersion Version=\"Exchange2013_SP1\"", body);
                Assert.DoesNotContain("https://schemas", body);
            }

            Assert.Equal(new[] { "hans@contoso.com", "marie@contoso.com" }, recorder.Sent.Select(s => s.Request.Headers.GetValues("X-AnchorMailbox").Single()).Distinct().OrderBy(x => x));
            NoSchemaViolations(org);
        }

        [Fact]
        public async Task A_user_may_not_touch_another_users_calendar()
        {
            var org = Org();
            using var backend = new EwsCalendarBackend(Options(org, "bob@contoso.com", "Sandbox!Bob1"));
            var results = await backend.GetPermissionsAsync(new[] { CalendarAddress.Parse("bob@contoso.com"), CalendarAddress.Parse("alice@contoso.com") }, CancellationToken.None);
            Assert.True(results[0].IsSuccess, results[0].ToString());
            Assert.False(results[1].IsSuccess);
            Assert.Contains(results[1].Error!.Code, new[] { BackendErrorCode.AccessDenied, BackendErrorCode.CalendarNotFound });
            NoSchemaViolations(org);
        }
    }
}
