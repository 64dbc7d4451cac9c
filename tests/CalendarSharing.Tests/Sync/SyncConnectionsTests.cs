using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Routing;
using CalendarSharing.Core.Sync;
using CalendarSharing.Tests.Credentials;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Sync
{
    /// <summary>
    /// Core's choice of connection per pair (<see cref="SyncConnections"/>) over the real engine, clients and sandbox: a
    /// name that is a stored credential signs in through the default connection's SignInAs capability (EWS, or a hybrid
    /// connection's on-premises side), an Exchange Online default gives the capability's one error for that pair only,
    /// and no password reaches a message.
    /// </summary>
    public sealed class SyncConnectionsTests : IDisposable
    {
        private readonly string folder = Path.Combine(Path.GetTempPath(), "cs-syncconn-" + Guid.NewGuid().ToString("N"));
        private readonly CredentialTestKit kit = new CredentialTestKit();

        public void Dispose()
        {
            kit.Dispose();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        private static SyncProfile Profile(string sourceConnection)
        {
            var profile = new SyncProfile("rooms");
            profile.Pairs.Add(new SyncPair(SyncLab.SourceMailbox, SyncLab.TargetMailbox) { SourceConnection = sourceConnection, TargetConnection = "dst" });
            return profile;
        }

        private async Task<(IReadOnlyList<SyncPairResult> Results, RecordingSink Sink, List<string> Verbose, int Opened)> RunAsync(SyncLab lab, ConnectionServices fallback, SyncProfile profile)
        {
            var verbose = new List<string>();
            using var connections = SyncConnections.Open(profile.Pairs, new SyncConnectionSources
            {
                Named = name => string.Equals(name, "dst", StringComparison.OrdinalIgnoreCase) ? lab.TargetBox.Services : null,
                Default = () => fallback,
                Credentials = kit.Store(),
                Verbose = verbose.Add,
            });
            var runner = new SyncRunner(new SyncEngine(new FileSyncStateStore(folder, lab.Time), "worker-1", lab.Time), connections.Resolve);
            var sink = new RecordingSink();
            var results = await runner.RunOnceAsync(new SyncRunRequest(profile, profile.Pairs.ToList()), sink, CancellationToken.None);
            return (results, sink, verbose, connections.Opened.Count);
        }

        [Fact]
        public async Task A_stored_credential_signs_in_on_the_default_EWS_connections_server_and_a_wrong_one_fails_only_its_pair()
        {
            using var lab = await SyncLab.StartAsync(BackendKind.Ews, BackendKind.Graph);
            await lab.AddSourceAsync(SyncLab.Draft("Board meeting", SyncLab.Berlin(3, 2, 10)));
            kit.Store().Save("alice-svc", SyncLab.SourceMailbox, CredentialTestKit.Secure(CredentialTestKit.AlicePassword), overwrite: false);
            kit.Store().Save("alice-old", SyncLab.SourceMailbox, CredentialTestKit.Secure("Old!Password9"), overwrite: false);
            Assert.True(lab.SourceBox.Services.Has(ConnectionCapabilities.SignInAs));

            var good = await RunAsync(lab, lab.SourceBox.Services, Profile("alice-svc"));
            var result = Assert.Single(good.Results);
            Assert.True(result.Outcome == SyncPassOutcome.Succeeded, result.Message);
            Assert.Equal(1, result.Created);
            Assert.Equal(1, good.Opened);
            Assert.Contains(good.Verbose, v => v.Contains("'alice-svc'", StringComparison.Ordinal) && v.Contains(lab.SourceBox.Services.Info.Endpoint, StringComparison.Ordinal));

            // The stored account signs in, not the default connection's: a stale password is refused for that pair.
            var bad = await RunAsync(lab, lab.SourceBox.Services, Profile("alice-old"));
            var failed = Assert.Single(bad.Results);
            Assert.Equal(SyncPassOutcome.Aborted, failed.Outcome); // the engine stops the pass at the first refused request
            Assert.Equal("SyncReadFailed", failed.ErrorId);
            Assert.Contains("Authentication", Assert.Single(bad.Sink.Errors).Message, StringComparison.OrdinalIgnoreCase);
            var all = string.Join("\n", bad.Sink.AllText, string.Join("\n", bad.Verbose), string.Join("\n", good.Verbose));
            Assert.DoesNotContain("Old!Password9", all, StringComparison.Ordinal);
            Assert.DoesNotContain(CredentialTestKit.AlicePassword, all, StringComparison.Ordinal);
        }

        [Fact]
        public async Task An_Exchange_Online_default_connection_gives_the_one_capability_error_for_the_pair_that_names_a_stored_credential()
        {
            using var lab = await SyncLab.StartAsync(BackendKind.Graph, BackendKind.Graph);
            await lab.AddSourceAsync(SyncLab.Draft("Board meeting", SyncLab.Berlin(3, 2, 10)));
            kit.Store().Save("alice-svc", SyncLab.SourceMailbox, CredentialTestKit.Secure(CredentialTestKit.AlicePassword), overwrite: false);
            Assert.False(lab.SourceBox.Services.Has(ConnectionCapabilities.SignInAs));
            var profile = Profile("alice-svc");
            profile.Pairs.Add(new SyncPair("bob@contoso.com", SyncLab.TargetMailbox) { TargetConnection = "dst" });

            var run = await RunAsync(lab, lab.SourceBox.Services, profile);

            Assert.Equal(SyncPassOutcome.Failed, run.Results[0].Outcome);
            Assert.Equal(ErrorIds.CapabilityNotAvailable, run.Results[0].ErrorId);
            Assert.Contains("stored credential", run.Results[0].Message, StringComparison.Ordinal);
            Assert.Contains("Connect-CalendarSharing -EwsUrl", run.Results[0].Message, StringComparison.Ordinal);
            Assert.True(run.Results[1].Outcome == SyncPassOutcome.Succeeded, run.Results[1].Message); // the default's own pair runs
            Assert.Equal(0, run.Opened);
            var error = Assert.Single(run.Sink.Errors);
            Assert.Equal(ErrorIds.CapabilityNotAvailable, error.ErrorId);
        }

        [Fact]
        public async Task A_hybrid_connection_signs_a_stored_credential_in_on_its_on_premises_side()
        {
            using var onPremises = await EngineSandbox.StartAsync(BackendKind.Ews);
            using var online = await EngineSandbox.StartAsync(BackendKind.Graph);
            var hybrid = RoutingBackend.Compose(onPremises.Services, online.Services, null, null, null, ownsBackends: false);

            var signIn = hybrid.Require<IAccountSignIn>(ConnectionCapabilities.SignInAs);
            Assert.Equal(onPremises.Services.Info.Endpoint, signIn.Server.Endpoint);
            var opened = signIn.SignInAs(SyncLab.SourceMailbox, CredentialTestKit.Secure(CredentialTestKit.AlicePassword));
            try
            {
                await opened.Backend.ConnectAsync(CancellationToken.None);
                Assert.Equal(SyncLab.SourceMailbox, opened.Backend.Info.UserName);
                Assert.Equal(onPremises.Services.Info.Endpoint, opened.Info.Endpoint);
                Assert.True(opened.Has(ConnectionCapabilities.Events));
            }
            finally
            {
                opened.Backend.Dispose();
            }
        }
    }
}
