using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Resilience;
using CalendarSharing.Core.Sync;
using CalendarSharing.Ews.Protocol;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Ews
{
    // Wake-ups over EWS streaming notifications (https://learn.microsoft.com/exchange/client-developer/exchange-web-services/notification-subscriptions-mailbox-events-and-ews-in-exchange):
    // one streaming subscription per mailbox (a subscription may not span mailboxes) on the calendars' folders for
    // Created/Modified/Deleted/Moved events, then GetStreamingEvents connections of at most 200 subscriptions each, renewed
    // when the server closes them (ConnectionTimeout at most 30 minutes,
    // https://learn.microsoft.com/exchange/client-developer/web-service-reference/connectiontimeout) and opened again after a drop. Events missed while
    // no connection was open are not replayed, so every reconnect is reported as Reconnected: the engine catches up with
    // SyncFolderItems. Learn advises reading changes with SyncFolderItems rather than trusting the events' payload
    // (https://learn.microsoft.com/exchange/client-developer/exchange-web-services/how-to-stream-notifications-about-mailbox-events-by-using-ews-in-exchange),
    // so a wake-up names calendars, not items. Servers before Exchange 2010 SP1 (or UsePullNotifications) get pull
    // subscriptions polled with GetEvents instead.
    public sealed partial class EwsChangeFeedBackend
    {
        public async Task<IChangeSubscription> SubscribeAsync(IReadOnlyList<CalendarAddress> calendars, ChangeSubscriptionOptions options, CancellationToken cancellationToken)
        {
            if (calendars is null || calendars.Count == 0)
            {
                throw new ArgumentException("A subscription needs at least one calendar.", nameof(calendars));
            }

            options ??= new ChangeSubscriptionOptions();
            var pull = UsePullNotifications || !EwsVersions.AtLeast(Options.RequestServerVersion, StreamingVersion);
            var subscription = new StreamingChangeSubscription(this, options, pull);
            try
            {
                foreach (var mailbox in calendars.Distinct().GroupBy(c => c.Mailbox, StringComparer.OrdinalIgnoreCase))
                {
                    var folders = new List<EwsFolderReference>();
                    foreach (var calendar in mailbox)
                    {
                        folders.Add(await LocateAsync(calendar, cancellationToken).ConfigureAwait(false));
                    }

                    var (id, watermark) = await SubscribeOnceAsync(mailbox.Key, folders, pull, options, cancellationToken).ConfigureAwait(false);
                    subscription.Add(new MailboxSubscription(mailbox.Key, mailbox.ToList(), folders, id) { Watermark = watermark });
                }
            }
            catch
            {
                subscription.Dispose();
                throw;
            }

            subscription.Start();
            return subscription;
        }

        /// <summary>Streaming notifications came with Exchange 2010 SP1; older servers get pull subscriptions.</summary>
        private const string StreamingVersion = "Exchange2010_SP1";

        /// <summary>
        /// Poll pull subscriptions (GetEvents every <see cref="ChangeSubscriptionOptions.PollInterval"/>) instead of streaming;
        /// always so when the connection's RequestServerVersion is older than Exchange 2010 SP1, which has no streaming.
        /// </summary>
        public bool UsePullNotifications { get; set; }

        private async Task<(string Id, string? Watermark)> SubscribeOnceAsync(string mailbox, IReadOnlyList<EwsFolderReference> folders, bool pull, ChangeSubscriptionOptions options, CancellationToken cancellationToken)
        {
            // A pull subscription lives a few poll intervals without a GetEvents (at least ten minutes).
            var pullSubscribe = pull ? new PullSubscribeOperation(folders, (int)Math.Ceiling(Math.Max(10, options.PollInterval.TotalMinutes * 4))) { TargetMailbox = mailbox } : null;
            EwsItemResult<string> answer;
            try
            {
                answer = pullSubscribe != null
                    ? await Client.ExecuteAsync(pullSubscribe, cancellationToken).ConfigureAwait(false)
                    : await Client.ExecuteAsync(new StreamingSubscribeOperation(folders) { TargetMailbox = mailbox }, cancellationToken).ConfigureAwait(false);
            }
            catch (EwsException ex)
            {
                throw Failure(ex);
            }

            if (!answer.IsSuccess)
            {
                throw new BackendException(new BackendError(
                    EwsEventBackend.CodeOf(answer.Message.ResponseCode),
                    $"Cannot watch the calendars of {mailbox}: {answer.Message.ResponseCode}" + (answer.Message.MessageText != null ? ": " + answer.Message.MessageText : string.Empty),
                    answer.Message.ResponseCode));
            }

            if (pullSubscribe != null && string.IsNullOrEmpty(pullSubscribe.Watermark))
            {
                throw new BackendException(new BackendError(BackendErrorCode.ServerFault, Texts.Format(nameof(Texts.Error_EwsPullNoWatermark), mailbox)));
            }

            return (answer.Value!, pullSubscribe?.Watermark);
        }

        private async Task UnsubscribeOnceAsync(MailboxSubscription s)
        {
            try
            {
                using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
                {
                    await Client.ExecuteAsync(new UnsubscribeOperation(s.Id) { TargetMailbox = s.Mailbox }, timeout.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is EwsException || ex is OperationCanceledException)
            {
                // The server forgets an unused streaming subscription by itself; nothing is left half-done.
                Options.Trace?.Invoke("EWS Unsubscribe " + s.Mailbox + " failed: " + ex.Message);
            }
        }

        /// <summary>A subscription of one mailbox's calendars; its id changes when it has to be made again.</summary>
        private sealed class MailboxSubscription
        {
            public MailboxSubscription(string mailbox, IReadOnlyList<CalendarAddress> calendars, IReadOnlyList<EwsFolderReference> folders, string id)
            {
                Mailbox = mailbox;
                Calendars = calendars;
                Folders = folders;
                Id = id;
            }

            public string Mailbox { get; }

            public IReadOnlyList<CalendarAddress> Calendars { get; }

            public IReadOnlyList<EwsFolderReference> Folders { get; }

            public string Id { get; set; }

            /// <summary>Pull: the last watermark received.</summary>
            public string? Watermark { get; set; }
        }

        private sealed class StreamingChangeSubscription : IChangeSubscription
        {
            private static readonly HashSet<string> DeadSubscriptionCodes = new HashSet<string>(StringComparer.Ordinal)
            {
                // https://learn.microsoft.com/exchange/client-developer/exchange-web-services/handling-notification-related-errors-in-ews-in-exchange
                "ErrorSubscriptionNotFound", "ErrorExpiredSubscription", "ErrorInvalidSubscription", "ErrorSubscriptionUnsubscribed",
            };

            private readonly EwsChangeFeedBackend owner;
            private readonly ChangeSubscriptionOptions options;
            private readonly List<MailboxSubscription> subscriptions = new List<MailboxSubscription>();
            private readonly CancellationTokenSource stop = new CancellationTokenSource();
            private readonly SemaphoreSlim signal = new SemaphoreSlim(0);
            private readonly object gate = new object();
            private readonly HashSet<CalendarAddress> pending = new HashSet<CalendarAddress>();
            private readonly List<Task> loops = new List<Task>();
            private bool pendingReconnect;
            private DateTimeOffset? pendingChangedAt;
            private Exception? fatal;
            private int disposed;

            private readonly bool pull;

            public StreamingChangeSubscription(EwsChangeFeedBackend owner, ChangeSubscriptionOptions options, bool pull)
            {
                this.owner = owner;
                this.options = options;
                this.pull = pull;
            }

            public void Add(MailboxSubscription s) => subscriptions.Add(s);

            public void Start()
            {
                if (pull)
                {
                    var all = subscriptions.ToList();
                    loops.Add(Task.Run(() => PollAsync(all, stop.Token)));
                    return;
                }

                foreach (var group in subscriptions.Select((s, n) => (s, n)).GroupBy(x => x.n / GetStreamingEventsOperation.MaxSubscriptionIds, x => x.s))
                {
                    var members = group.ToList();
                    loops.Add(Task.Run(() => RunAsync(members, stop.Token)));
                }
            }

            public async Task<ChangeWakeUp> WaitAsync(CancellationToken cancellationToken)
            {
                while (true)
                {
                    lock (gate)
                    {
                        if (pending.Count > 0 || pendingReconnect)
                        {
                            var wake = new ChangeWakeUp(pending.ToList(), pendingReconnect) { ChangedAt = pendingChangedAt };
                            pending.Clear();
                            pendingReconnect = false;
                            pendingChangedAt = null;
                            return wake;
                        }

                        if (fatal != null)
                        {
                            throw fatal;
                        }

                        if (disposed == 1)
                        {
                            throw new ObjectDisposedException(nameof(IChangeSubscription));
                        }
                    }

                    await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            public void Dispose()
            {
                if (Interlocked.Exchange(ref disposed, 1) == 1)
                {
                    return;
                }

                stop.Cancel();
                Release();
                try
                {
                    Task.WaitAll(loops.ToArray(), TimeSpan.FromSeconds(30));
                }
                catch (AggregateException)
                {
                }

                // Unsubscribe on the thread pool: Dispose may be called where blocking on a captured context would deadlock.
                var unsubscribe = Task.Run(() => Task.WhenAll(subscriptions.Select(owner.UnsubscribeOnceAsync)));
                unsubscribe.Wait(TimeSpan.FromSeconds(60));
            }

            private void Report(IEnumerable<CalendarAddress> calendars, bool reconnected, DateTimeOffset? changedAt)
            {
                lock (gate)
                {
                    foreach (var c in calendars)
                    {
                        pending.Add(c);
                    }

                    pendingReconnect |= reconnected;
                    if (changedAt.HasValue && (!pendingChangedAt.HasValue || changedAt < pendingChangedAt))
                    {
                        pendingChangedAt = changedAt;
                    }
                }

                Release();
            }

            private void Fail(Exception ex)
            {
                lock (gate)
                {
                    fatal ??= ex;
                }

                Release();
            }

            private void Release()
            {
                try
                {
                    signal.Release();
                }
                catch (SemaphoreFullException)
                {
                }
            }

            /// <summary>
            /// Pull: GetEvents for each subscription every poll interval (again at once while MoreEvents), sending the last
            /// watermark received (https://learn.microsoft.com/exchange/client-developer/exchange-web-services/how-to-pull-notifications-about-mailbox-events-by-using-ews-in-exchange).
            /// The server keeps events between polls, so a failed poll loses nothing; a subscription it forgot is made again
            /// and reported as Reconnected (its events since are lost).
            /// </summary>
            private async Task PollAsync(IReadOnlyList<MailboxSubscription> members, CancellationToken cancellationToken)
            {
                RetryBudget? outage = null;
                var trace = owner.Options.Trace;
                while (!cancellationToken.IsCancellationRequested)
                {
                    try
                    {
                        foreach (var m in members)
                        {
                            while (true)
                            {
                                var answer = await owner.Client.ExecuteAsync(new GetEventsOperation(m.Id, m.Watermark!) { TargetMailbox = m.Mailbox }, cancellationToken).ConfigureAwait(false);
                                if (!answer.Message.IsSuccess)
                                {
                                    var code = answer.Message.ResponseCode;
                                    if (!DeadSubscriptionCodes.Contains(code) && code != "ErrorInvalidWatermark")
                                    {
                                        throw new EwsFaultException(code, $"GetEvents failed: {code}: {answer.Message.MessageText}");
                                    }

                                    trace?.Invoke($"EWS pull subscription of {m.Mailbox} is gone ({code}); subscribing again");
                                    var (id, watermark) = await owner.SubscribeOnceAsync(m.Mailbox, m.Folders, true, options, cancellationToken).ConfigureAwait(false);
                                    m.Id = id;
                                    m.Watermark = watermark;
                                    Report(m.Calendars, true, null);
                                    break;
                                }

                                m.Watermark = answer.LastWatermark ?? m.Watermark;
                                var changed = answer.Events.Where(e => e.EventType != "StatusEvent").ToList();
                                if (changed.Count > 0)
                                {
                                    Report(m.Calendars, false, changed.Where(e => e.TimeStamp.HasValue).Select(e => e.TimeStamp).Min());
                                }

                                if (!answer.MoreEvents)
                                {
                                    break;
                                }
                            }
                        }

                        outage = null;
                        await Task.Delay(options.PollInterval, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (BackendException ex)
                    {
                        Fail(ex);
                        return;
                    }
                    catch (EwsException ex) when (IsOutage(ex))
                    {
                        outage ??= new RetryBudget(owner.Options.Retry);
                        if (!await WaitOutAsync(outage, ex, null, "EWS GetEvents failed ({0}); polling again in {1:0} ms", cancellationToken).ConfigureAwait(false))
                        {
                            return;
                        }
                    }
                    catch (EwsException ex)
                    {
                        Fail(Failure(ex));
                        return;
                    }
                }
            }

            /// <summary>A failure that may pass (the connection, HTTP, a busy server, a transient fault): wait and try again.</summary>
            private static bool IsOutage(EwsException ex) =>
                ex is EwsConnectionException || ex is EwsHttpException || ex is EwsServerBusyException || ex is EwsProtocolException
                || (ex is EwsFaultException f && EwsErrorMap.IsTransient(f.ResponseCode ?? string.Empty));

            /// <summary>
            /// Waits the outage budget's next delay (<paramref name="hint"/>: the server's own back-off); false when the
            /// budget ran out (the subscription then fails with <paramref name="ex"/>) or the wait was cancelled.
            /// </summary>
            private async Task<bool> WaitOutAsync(RetryBudget outage, EwsException ex, TimeSpan? hint, string traceFormat, CancellationToken cancellationToken)
            {
                if (!outage.TryNextAttempt(hint, out var delay))
                {
                    Fail(ex.ToBackendException());
                    return false;
                }

                owner.Options.Trace?.Invoke(string.Format(System.Globalization.CultureInfo.InvariantCulture, traceFormat, ex.Message, delay.TotalMilliseconds));
                try
                {
                    await RetryBudget.DelayAsync(delay, cancellationToken).ConfigureAwait(false);
                    return true;
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }

            /// <summary>One connection's life, again and again: open, read parts, renew on Closed, reopen after a drop.</summary>
            private async Task RunAsync(IReadOnlyList<MailboxSubscription> members, CancellationToken cancellationToken)
            {
                var minutes = (int)Math.Ceiling(Math.Max(1, Math.Min(30, options.ConnectionLifetime.TotalMinutes)));
                var connected = false;
                RetryBudget? outage = null;
                var trace = owner.Options.Trace;
                while (!cancellationToken.IsCancellationRequested)
                {
                    try
                    {
                        var op = new GetStreamingEventsOperation(members.Select(m => m.Id).ToList(), minutes) { TargetMailbox = members[0].Mailbox };
                        using (var connection = await StreamingEventsConnection.OpenAsync(owner.Options, op, owner.StreamingIdleTimeout, cancellationToken).ConfigureAwait(false))
                        {
                            var first = true;
                            while (await connection.NextAsync(cancellationToken).ConfigureAwait(false) is EwsStreamingPart part)
                            {
                                if (!part.Message.IsSuccess || part.ErrorSubscriptionIds.Count > 0)
                                {
                                    if (!DeadSubscriptionCodes.Contains(part.Message.ResponseCode) && part.ErrorSubscriptionIds.Count == 0)
                                    {
                                        throw new EwsFaultException(part.Message.ResponseCode, $"GetStreamingEvents failed: {part.Message.ResponseCode}: {part.Message.MessageText}");
                                    }

                                    // Subscriptions the server no longer has: make them again (their events since are lost: catch up).
                                    var dead = part.ErrorSubscriptionIds.Count > 0 ? members.Where(m => part.ErrorSubscriptionIds.Contains(m.Id)).ToList() : members.ToList();
                                    foreach (var m in dead)
                                    {
                                        trace?.Invoke($"EWS streaming subscription of {m.Mailbox} is gone ({part.Message.ResponseCode}); subscribing again");
                                        m.Id = (await owner.SubscribeOnceAsync(m.Mailbox, m.Folders, false, options, cancellationToken).ConfigureAwait(false)).Id;
                                    }

                                    connected = true; // what follows is a reconnect
                                    break;
                                }

                                if (first)
                                {
                                    first = false;
                                    outage = null;
                                    if (connected)
                                    {
                                        // Listening again: whatever happened while no connection was open is for the catch-up.
                                        Report(members.SelectMany(m => m.Calendars), true, null);
                                    }

                                    connected = true;
                                }

                                var changed = part.Events.Where(e => e.EventType != "StatusEvent").ToList();
                                if (changed.Count > 0)
                                {
                                    var ids = new HashSet<string>(changed.Select(e => e.SubscriptionId), StringComparer.Ordinal);
                                    Report(members.Where(m => ids.Contains(m.Id)).SelectMany(m => m.Calendars), false, changed.Where(e => e.TimeStamp.HasValue).Select(e => e.TimeStamp).Min());
                                }

                                if (part.ConnectionStatus == "Closed")
                                {
                                    trace?.Invoke("EWS streaming connection closed by the server (ConnectionTimeout); renewing");
                                    break;
                                }
                            }
                        }
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (BackendException ex)
                    {
                        Fail(ex);
                        return;
                    }
                    catch (EwsException ex) when (IsOutage(ex))
                    {
                        outage ??= new RetryBudget(owner.Options.Retry);
                        var hint = ex is EwsServerBusyException busy && busy.BackOffMilliseconds is int ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
                        if (!await WaitOutAsync(outage, ex, hint, "EWS streaming connection lost ({0}); reconnecting in {1:0} ms", cancellationToken).ConfigureAwait(false))
                        {
                            return;
                        }
                    }
                    catch (EwsException ex)
                    {
                        Fail(Failure(ex));
                        return;
                    }
                }
            }
        }
    }
}
