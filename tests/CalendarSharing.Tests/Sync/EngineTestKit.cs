using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Events;
using CalendarSharing.Core.Sync;
using CalendarSharing.Sandbox;
using CalendarSharing.Sandbox.Events;
using CalendarSharing.Tests.Support;

namespace CalendarSharing.Tests.Sync
{
    /// <summary>A clock standing at a fixed instant (the sync window is computed from it).</summary>
    public sealed class FixedTime : TimeProvider
    {
        public FixedTime(DateTimeOffset now)
        {
            Now = now;
        }

        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>
    /// Our own state store, in memory, for engine tests (the file and Azure stores are tested on their own): whole-state
    /// copies on load and save, leases that lapse at their expiry.
    /// </summary>
    public sealed class InMemorySyncStateStore : ISyncStateStore
    {
        private readonly ConcurrentDictionary<string, string> states = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lease> leases = new ConcurrentDictionary<string, Lease>(StringComparer.Ordinal);
        private readonly TimeProvider time;

        public InMemorySyncStateStore(TimeProvider time)
        {
            this.time = time;
        }

        public int Saves { get; private set; }

        public Task<PairSyncState?> LoadAsync(string profileId, string pairKey, CancellationToken cancellationToken) =>
            Task.FromResult(states.TryGetValue(profileId + "#" + pairKey, out var json) ? Deserialize(json) : null);

        public Task SaveAsync(ISyncLease lease, PairSyncState state, CancellationToken cancellationToken)
        {
            Check(lease);
            states[lease.ProfileId + "#" + lease.PairKey] = System.Text.Json.JsonSerializer.Serialize(Dto.From(state));
            Saves++;
            return Task.CompletedTask;
        }

        public Task DeleteAsync(ISyncLease lease, CancellationToken cancellationToken)
        {
            Check(lease);
            states.TryRemove(lease.ProfileId + "#" + lease.PairKey, out _);
            return Task.CompletedTask;
        }

        public Task<ISyncLease?> TryAcquireAsync(string profileId, string pairKey, string workerId, TimeSpan duration, CancellationToken cancellationToken)
        {
            var key = profileId + "#" + pairKey;
            var now = time.GetUtcNow();
            var held = leases.TryGetValue(key, out var current) && current.WorkerId != workerId && current.Expires > now && !current.Released;
            if (held)
            {
                return Task.FromResult<ISyncLease?>(null);
            }

            var lease = new Lease(this, profileId, pairKey, workerId, now + duration, duration);
            leases[key] = lease;
            return Task.FromResult<ISyncLease?>(lease);
        }

        public Task<IReadOnlyList<PairSyncState>> ListAsync(string profileId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<PairSyncState>>(states.Where(p => p.Key.StartsWith(profileId + "#", StringComparison.Ordinal)).Select(p => Deserialize(p.Value)).ToList());

        public PairSyncState? Peek(string profileId, string pairKey) => LoadAsync(profileId, pairKey, CancellationToken.None).Result;

        public void Forget() => states.Clear();

        public void Dispose()
        {
        }

        private void Check(ISyncLease lease)
        {
            if (!leases.TryGetValue(lease.ProfileId + "#" + lease.PairKey, out var current) || !ReferenceEquals(current, lease) || current.Released)
            {
                throw new SyncLeaseLostException(lease.PairKey, "The lease is no longer held.");
            }
        }

        private static PairSyncState Deserialize(string json) => System.Text.Json.JsonSerializer.Deserialize<Dto>(json)!.To();

        private sealed class Lease : ISyncLease
        {
            private readonly InMemorySyncStateStore store;
            private readonly TimeSpan duration;

            public Lease(InMemorySyncStateStore store, string profileId, string pairKey, string workerId, DateTimeOffset expires, TimeSpan duration)
            {
                this.store = store;
                this.duration = duration;
                ProfileId = profileId;
                PairKey = pairKey;
                WorkerId = workerId;
                Expires = expires;
            }

            public string ProfileId { get; }

            public string PairKey { get; }

            public string WorkerId { get; }

            public DateTimeOffset Expires { get; private set; }

            public bool Released { get; private set; }

            public Task RenewAsync(CancellationToken cancellationToken)
            {
                store.Check(this);
                Expires = store.time.GetUtcNow() + duration;
                return Task.CompletedTask;
            }

            public void Dispose() => Released = true;
        }

        /// <summary>The state as JSON would hold it (a store keeps nothing by reference).</summary>
        private sealed class Dto
        {
            public string ProfileId { get; set; } = string.Empty;

            public string PairKey { get; set; } = string.Empty;

            public string? Source { get; set; }

            public string? Target { get; set; }

            public string? SourceWatermark { get; set; }

            public string? TargetWatermark { get; set; }

            public DateTimeOffset? WindowStart { get; set; }

            public DateTimeOffset? WindowEnd { get; set; }

            public Dictionary<string, MirrorEntry> Items { get; set; } = new Dictionary<string, MirrorEntry>();

            public Dictionary<string, string> OccurrenceMasters { get; set; } = new Dictionary<string, string>();

            public SyncPassOutcome? LastOutcome { get; set; }

            public string? LastErrorId { get; set; }

            public static Dto From(PairSyncState s) => new Dto
            {
                ProfileId = s.ProfileId,
                PairKey = s.PairKey,
                Source = s.Source,
                Target = s.Target,
                SourceWatermark = s.SourceWatermark,
                TargetWatermark = s.TargetWatermark,
                WindowStart = s.WindowStart,
                WindowEnd = s.WindowEnd,
                Items = s.Items.ToDictionary(p => p.Key, p => p.Value),
                OccurrenceMasters = s.OccurrenceMasters.ToDictionary(p => p.Key, p => p.Value),
                LastOutcome = s.LastOutcome,
                LastErrorId = s.LastErrorId,
            };

            public PairSyncState To() => new PairSyncState(ProfileId, PairKey)
            {
                Source = Source,
                Target = Target,
                SourceWatermark = SourceWatermark,
                TargetWatermark = TargetWatermark,
                WindowStart = WindowStart,
                WindowEnd = WindowEnd,
                Items = new Dictionary<string, MirrorEntry>(Items, StringComparer.Ordinal),
                OccurrenceMasters = new Dictionary<string, string>(OccurrenceMasters, StringComparer.Ordinal),
                LastOutcome = LastOutcome,
                LastErrorId = LastErrorId,
            };
        }
    }

    /// <summary>
    /// A real DelegatingHandler in front of a sandbox that, once armed, lets <c>n</c> more requests through and then
    /// either fails every request (the connection drops) or cancels a token (the process is killed mid-pass).
    /// </summary>
    public sealed class TripHandler : DelegatingHandler
    {
        private int remaining = int.MaxValue;
        private int sent;

        public TripHandler(HttpMessageHandler inner)
            : base(inner)
        {
        }

        public int Sent => Volatile.Read(ref sent);

        public CancellationTokenSource? Kill { get; set; }

        /// <summary>After <paramref name="allowed"/> more requests, fail (or cancel <see cref="Kill"/>).</summary>
        public void Arm(int allowed) => Volatile.Write(ref remaining, allowed);

        public void Disarm() => Volatile.Write(ref remaining, int.MaxValue);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref sent);
            if (Volatile.Read(ref remaining) != int.MaxValue && Interlocked.Decrement(ref remaining) < 0)
            {
                if (Kill != null)
                {
                    Kill.Cancel();
                    cancellationToken = Kill.Token;
                    cancellationToken.ThrowIfCancellationRequested();
                }

                throw new HttpRequestException("The connection was closed (test fault).");
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>
    /// A pair of calendars over the real clients: the source in one sandbox organisation, the target in another (so
    /// EWS→Graph and Graph→EWS are real cross-protocol pairs), each behind a <see cref="TripHandler"/>.
    /// </summary>
    public sealed class SyncLab : IDisposable
    {
        public const string SourceMailbox = "alice@contoso.com";
        public const string TargetMailbox = "admin@contoso.com";

        /// <summary>"Now" for every pass: the window is 2027-02-28 .. 2027-05-31, clear of the seeded week.</summary>
        public static readonly DateTimeOffset Now = new DateTimeOffset(2027, 3, 1, 8, 0, 0, TimeSpan.Zero);

        private SyncLab(EventSandbox source, EventSandbox target, TripHandler sourceTrip, TripHandler targetTrip)
        {
            SourceBox = source;
            TargetBox = target;
            SourceTrip = sourceTrip;
            TargetTrip = targetTrip;
            Time = new FixedTime(Now);
            Store = new InMemorySyncStateStore(Time);
            Engine = new SyncEngine(Store, "worker-1", Time);
        }

        public EventSandbox SourceBox { get; }

        public EventSandbox TargetBox { get; }

        public TripHandler SourceTrip { get; }

        public TripHandler TargetTrip { get; }

        public FixedTime Time { get; }

        public InMemorySyncStateStore Store { get; }

        public SyncEngine Engine { get; set; }

        public CalendarAddress Source => CalendarAddress.Default(SourceMailbox);

        public CalendarAddress Target => CalendarAddress.Default(TargetMailbox);

        public ICalendarEventBackend SourceEvents => SourceBox.Events;

        public ICalendarEventBackend TargetEvents => TargetBox.Events;

        public static async Task<SyncLab> StartAsync(BackendKind source, BackendKind target)
        {
            TripHandler? s = null;
            TripHandler? t = null;
            var a = await EventSandbox.StartAsync(source, wrap: inner => s = new TripHandler(inner));
            var b = await EventSandbox.StartAsync(target, wrap: inner => t = new TripHandler(inner));

            // Both calendars start empty (the seeded mailboxes have recurring items reaching into every window).
            foreach (var (org, mailbox) in new[] { (a.Org, SourceMailbox), (b.Org, TargetMailbox) })
            {
                var store = org.FindMailbox(mailbox)!.Calendar.Items;
                foreach (var item in store.Snapshot())
                {
                    store.Remove(item.Id);
                }
            }

            return new SyncLab(a, b, s!, t!);
        }

        public SyncProfile Profile(Action<SyncOptions>? configure = null, string id = "rooms")
        {
            var profile = new SyncProfile(id);
            configure?.Invoke(profile.Defaults);
            profile.Pairs.Add(new SyncPair(SourceMailbox, TargetMailbox));
            return profile;
        }

        public SyncPassRequest Request(SyncProfile profile, bool full = false) =>
            new SyncPassRequest(profile, profile.Pairs[0], new SyncEndpoint(Source, SourceEvents, null), new SyncEndpoint(Target, TargetEvents, null)) { FullComparison = full };

        public Task<SyncPairResult> PassAsync(SyncProfile profile, Action<SyncPassRequest>? configure = null, CancellationToken cancellationToken = default)
        {
            var request = Request(profile);
            configure?.Invoke(request);
            return Engine.RunPassAsync(request, cancellationToken);
        }

        public static EventDraft Draft(string subject, DateTimeOffset start, int minutes = 60, string zone = "W. Europe Standard Time") => new EventDraft
        {
            Subject = subject,
            Start = start,
            End = start.AddMinutes(minutes),
            TimeZone = zone,
            ShowAs = EventShowAs.Busy,
        };

        /// <summary>A wall-clock time in Berlin as an instant.</summary>
        public static DateTimeOffset Berlin(int month, int day, int hour, int minute = 0) =>
            CalendarSharing.Core.Availability.WorkingHoursCalendar.At(TimeZoneNames.Find("Europe/Berlin"), new DateTime(2027, month, day, hour, minute, 0));

        public Task<CalendarEvent> AddSourceAsync(EventDraft draft) => SourceEvents.CreateEventAsync(Source, draft, CancellationToken.None);

        /// <summary>The target's stored items (singles and series masters) as the sandbox holds them: what the owner sees.</summary>
        internal IReadOnlyList<SandboxEvent> RawTarget() => TargetBox.Org.FindMailbox(TargetMailbox)!.Calendar.Items.Snapshot();

        internal IReadOnlyList<SandboxEvent> RawSource() => SourceBox.Org.FindMailbox(SourceMailbox)!.Calendar.Items.Snapshot();

        /// <summary>The target's items in the window, as series, with their stamps, through the target's real client.</summary>
        public async Task<IReadOnlyList<CalendarEvent>> TargetItemsAsync() =>
            (await TargetEvents.ReadWindowAsync(new EventWindowQuery(Target, Now.AddDays(-2), Now.AddDays(100)) { AsSeries = true, Properties = new[] { SyncStamp.PropertyName } }, CancellationToken.None)).Events;

        public async Task<IReadOnlyList<CalendarEvent>> SourceItemsAsync() =>
            (await SourceEvents.ReadWindowAsync(new EventWindowQuery(Source, Now.AddDays(-2), Now.AddDays(100)) { AsSeries = true, Properties = new[] { SyncStamp.PropertyName } }, CancellationToken.None)).Events;

        public static SyncStamp? StampOf(CalendarEvent e) => SyncStamp.Parse(e.Properties.TryGetValue(SyncStamp.PropertyName, out var v) ? v : null);

        public void AssertWireValid()
        {
            SourceBox.AssertWireValid();
            TargetBox.AssertWireValid();
        }

        public void Dispose()
        {
            SourceBox.Dispose();
            TargetBox.Dispose();
            Store.Dispose();
        }
    }
}
