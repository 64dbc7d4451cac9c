using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Sandbox.Events;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox
{
    /// <summary>One queued notification event of a subscription.</summary>
    internal sealed class SubscriptionEvent
    {
        public SubscriptionEvent(string eventType, string itemId, SandboxFolder folder, DateTime timeUtc, long watermark)
        {
            EventType = eventType;
            ItemId = itemId;
            Folder = folder;
            TimeUtc = timeUtc;
            Watermark = watermark;
        }

        /// <summary>CreatedEvent, ModifiedEvent or DeletedEvent (the EWS names; the sandbox moves and copies nothing).</summary>
        public string EventType { get; }

        public string ItemId { get; }

        public SandboxFolder Folder { get; }

        public DateTime TimeUtc { get; }

        /// <summary>The subscription's own event counter after this event (EWS t:Watermark).</summary>
        public long Watermark { get; }
    }

    /// <summary>
    /// A notification subscription on some folders of one mailbox: it queues the events of every write to them from the
    /// moment it is made (a streaming connection delivers what was queued while none was open), until unsubscribed.
    /// </summary>
    internal sealed class SandboxSubscription : IDisposable
    {
        private readonly object gate = new object();
        private readonly Queue<SubscriptionEvent> queue = new Queue<SubscriptionEvent>();
        private readonly List<IDisposable> watches = new List<IDisposable>();
        private readonly HashSet<string> eventTypes;
        private long watermark;
        private bool closed;

        public SandboxSubscription(string id, string owner, SandboxMailbox mailbox, IReadOnlyList<SandboxFolder> folders, IEnumerable<string> eventTypes)
        {
            Id = id;
            Owner = owner;
            Mailbox = mailbox;
            Folders = folders;
            this.eventTypes = new HashSet<string>(eventTypes, StringComparer.Ordinal);
        }

        public string Id { get; }

        /// <summary>The authenticated account that made it: only it may stream or end it.</summary>
        public string Owner { get; }

        public SandboxMailbox Mailbox { get; }

        public IReadOnlyList<SandboxFolder> Folders { get; }

        /// <summary>Raised (outside any lock of the subscription) when an event was queued.</summary>
        public event Action? Queued;

        public bool IsClosed
        {
            get
            {
                lock (gate)
                {
                    return closed;
                }
            }
        }

        internal void Watch(SandboxOrganization org)
        {
            foreach (var folder in Folders)
            {
                watches.Add(org.WatchChanges(folder, OnChange));
            }
        }

        /// <summary>Takes at most <paramref name="max"/> queued events, oldest first.</summary>
        public IReadOnlyList<SubscriptionEvent> Take(int max)
        {
            lock (gate)
            {
                var taken = new List<SubscriptionEvent>();
                while (taken.Count < max && queue.Count > 0)
                {
                    taken.Add(queue.Dequeue());
                }

                return taken;
            }
        }

        public bool HasEvents
        {
            get
            {
                lock (gate)
                {
                    return queue.Count > 0;
                }
            }
        }

        public void Dispose()
        {
            lock (gate)
            {
                closed = true;
                queue.Clear();
            }

            foreach (var w in watches)
            {
                w.Dispose();
            }

            Queued?.Invoke();
        }

        private void OnChange(FolderChangeNotice notice)
        {
            var type = notice.Kind == StoreChangeKind.Created ? "CreatedEvent" : notice.Kind == StoreChangeKind.Deleted ? "DeletedEvent" : "ModifiedEvent";
            lock (gate)
            {
                if (closed || !eventTypes.Contains(type))
                {
                    return;
                }

                queue.Enqueue(new SubscriptionEvent(type, notice.ItemId, notice.Folder, notice.TimeUtc, ++watermark));
            }

            // Inside the store's lock (WatchChanges): the handlers only release a semaphore.
            Queued?.Invoke();
        }
    }

    /// <summary>
    /// One open streaming connection (EWS GetStreamingEvents): it yields what to send next, each part a whole response:
    /// the events queued on its subscriptions (at most 50 per part, as Exchange takes, https://learn.microsoft.com/exchange/client-developer/web-service-reference/getstreamingevents-operation),
    /// a ConnectionStatus OK heartbeat when nothing happened for <see cref="SandboxOrganization.StreamingHeartbeatInterval"/>,
    /// and ConnectionStatus Closed when its ConnectionTimeout is over. <see cref="SandboxOrganization.DropStreamingConnections"/>
    /// breaks it as a network failure would (the reader gets an IOException, no Closed).
    /// </summary>
    internal sealed class StreamingConnection : IDisposable
    {
        /// <summary>Events per notification part.</summary>
        public const int MaxEventsPerPart = 50;

        private readonly SandboxOrganization org;
        private readonly SemaphoreSlim wake = new SemaphoreSlim(0);
        private readonly DateTime deadlineUtc;
        private bool started;
        private bool closedSent;
        private int dropped;
        private int disposed;

        public StreamingConnection(SandboxOrganization org, IReadOnlyList<SandboxSubscription> subscriptions, TimeSpan lifetime)
        {
            this.org = org;
            Subscriptions = subscriptions;
            deadlineUtc = DateTime.UtcNow + lifetime;
            foreach (var s in subscriptions)
            {
                s.Queued += Wake;
            }
        }

        public IReadOnlyList<SandboxSubscription> Subscriptions { get; }

        /// <summary>
        /// The next part: heartbeat/closing status or events; null once Closed was sent (the response ends). Throws
        /// IOException when the connection was dropped.
        /// </summary>
        public async Task<StreamingPart?> NextAsync(CancellationToken cancellationToken)
        {
            if (closedSent)
            {
                return null;
            }

            if (!started)
            {
                started = true;
                return StreamingPart.Status("OK");
            }

            while (true)
            {
                ThrowIfDropped();
                var events = new List<(SandboxSubscription Subscription, IReadOnlyList<SubscriptionEvent> Events)>();
                var room = MaxEventsPerPart;
                foreach (var s in Subscriptions)
                {
                    if (room == 0)
                    {
                        break;
                    }

                    var taken = s.Take(room);
                    if (taken.Count > 0)
                    {
                        events.Add((s, taken));
                        room -= taken.Count;
                    }
                }

                if (events.Count > 0)
                {
                    return StreamingPart.Notifications(events);
                }

                var left = deadlineUtc - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    closedSent = true;
                    return StreamingPart.Status("Closed");
                }

                var wait = left < org.StreamingHeartbeatInterval ? left : org.StreamingHeartbeatInterval;
                if (!await wake.WaitAsync(wait, cancellationToken).ConfigureAwait(false))
                {
                    ThrowIfDropped();
                    if (DateTime.UtcNow < deadlineUtc)
                    {
                        return StreamingPart.Status("OK");
                    }
                }
            }
        }

        public void Drop()
        {
            Interlocked.Exchange(ref dropped, 1);
            Wake();
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 1)
            {
                return;
            }

            foreach (var s in Subscriptions)
            {
                s.Queued -= Wake;
            }

            org.CloseStreamingConnection(this);
        }

        private void Wake()
        {
            try
            {
                wake.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }

        private void ThrowIfDropped()
        {
            if (Volatile.Read(ref dropped) == 1)
            {
                throw new IOException("The sandbox dropped the streaming connection (SandboxOrganization.DropStreamingConnections).");
            }
        }
    }

    /// <summary>One part of a streaming response: a ConnectionStatus, or notifications per subscription.</summary>
    internal sealed class StreamingPart
    {
        private StreamingPart(string? status, IReadOnlyList<(SandboxSubscription Subscription, IReadOnlyList<SubscriptionEvent> Events)> events)
        {
            ConnectionStatus = status;
            Events = events;
        }

        /// <summary>OK (heartbeat) or Closed; null for a notification part.</summary>
        public string? ConnectionStatus { get; }

        public IReadOnlyList<(SandboxSubscription Subscription, IReadOnlyList<SubscriptionEvent> Events)> Events { get; }

        public static StreamingPart Status(string status) =>
            new StreamingPart(status, Array.Empty<(SandboxSubscription, IReadOnlyList<SubscriptionEvent>)>());

        public static StreamingPart Notifications(IReadOnlyList<(SandboxSubscription Subscription, IReadOnlyList<SubscriptionEvent> Events)> events) =>
            new StreamingPart(null, events);
    }

    // Notification subscriptions, written once (EWS Subscribe / GetStreamingEvents / Unsubscribe render them), and the
    // streaming fault knob.
    public sealed partial class SandboxOrganization
    {
        private readonly object subscriptionGate = new object();
        private readonly Dictionary<string, SandboxSubscription> subscriptions = new Dictionary<string, SandboxSubscription>(StringComparer.Ordinal);
        private readonly List<StreamingConnection> streamingConnections = new List<StreamingConnection>();
        private long subscriptionCounter;
        private int streamingConnectionsOpened;
        private int streamingConnectionsDropped;

        /// <summary>
        /// How often an idle streaming connection sends a ConnectionStatus OK heartbeat. Exchange's reference client treats
        /// 2 × 45 s of silence as a dead connection; tests set milliseconds.
        /// </summary>
        public TimeSpan StreamingHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>How long one minute of a GetStreamingEvents ConnectionTimeout lasts in the sandbox (tests shorten it).</summary>
        public TimeSpan StreamingMinute { get; set; } = TimeSpan.FromMinutes(1);

        /// <summary>Streaming connections open now.</summary>
        public int OpenStreamingConnections
        {
            get
            {
                lock (subscriptionGate)
                {
                    return streamingConnections.Count;
                }
            }
        }

        /// <summary>Streaming connections ever opened.</summary>
        public int StreamingConnectionsOpened => Volatile.Read(ref streamingConnectionsOpened);

        /// <summary>Streaming connections broken by <see cref="DropStreamingConnections"/>.</summary>
        public int StreamingConnectionsDropped => Volatile.Read(ref streamingConnectionsDropped);

        /// <summary>Live subscriptions.</summary>
        public int SubscriptionCount
        {
            get
            {
                lock (subscriptionGate)
                {
                    return subscriptions.Count;
                }
            }
        }

        /// <summary>
        /// Fault knob: breaks every open streaming connection as a network failure or a server restart would: the reader's
        /// stream fails (no ConnectionStatus Closed). Subscriptions survive and keep queueing. Returns how many were dropped.
        /// </summary>
        public int DropStreamingConnections()
        {
            List<StreamingConnection> open;
            lock (subscriptionGate)
            {
                open = streamingConnections.ToList();
            }

            foreach (var c in open)
            {
                c.Drop();
                Interlocked.Increment(ref streamingConnectionsDropped);
            }

            return open.Count;
        }

        /// <summary>
        /// A new subscription of <paramref name="owner"/> on <paramref name="folders"/> (all of one mailbox) for the given
        /// EWS event types; it queues from now on.
        /// </summary>
        internal SandboxSubscription Subscribe(string owner, SandboxMailbox mailbox, IReadOnlyList<SandboxFolder> folders, IEnumerable<string> eventTypes)
        {
            var number = Interlocked.Increment(ref subscriptionCounter);
            var id = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("sub|" + mailbox.Address + "|" + number.ToString(CultureInfo.InvariantCulture)));
            var subscription = new SandboxSubscription(id, owner, mailbox, folders, eventTypes);
            subscription.Watch(this);
            lock (subscriptionGate)
            {
                subscriptions[id] = subscription;
            }

            return subscription;
        }

        /// <summary>Tests: the ids of the live subscriptions.</summary>
        internal IReadOnlyList<string> SubscriptionIds
        {
            get
            {
                lock (subscriptionGate)
                {
                    return subscriptions.Keys.ToList();
                }
            }
        }

        internal SandboxSubscription? FindSubscription(string id)
        {
            lock (subscriptionGate)
            {
                return subscriptions.TryGetValue(id.Trim(), out var s) ? s : null;
            }
        }

        /// <summary>Ends a subscription; false when there is none with that id.</summary>
        internal bool Unsubscribe(string id)
        {
            SandboxSubscription? s;
            lock (subscriptionGate)
            {
                if (!subscriptions.TryGetValue(id.Trim(), out s))
                {
                    return false;
                }

                subscriptions.Remove(id.Trim());
            }

            s.Dispose();
            return true;
        }

        /// <summary>Opens a streaming connection on live subscriptions for <paramref name="timeoutMinutes"/> (scaled by <see cref="StreamingMinute"/>).</summary>
        internal StreamingConnection OpenStreamingConnection(IReadOnlyList<SandboxSubscription> on, int timeoutMinutes)
        {
            var connection = new StreamingConnection(this, on, TimeSpan.FromTicks(StreamingMinute.Ticks * timeoutMinutes));
            lock (subscriptionGate)
            {
                streamingConnections.Add(connection);
            }

            Interlocked.Increment(ref streamingConnectionsOpened);
            return connection;
        }

        internal void CloseStreamingConnection(StreamingConnection connection)
        {
            lock (subscriptionGate)
            {
                streamingConnections.Remove(connection);
            }
        }
    }
}
