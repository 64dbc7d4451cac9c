using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using CalendarSharing.Core.Output;

namespace CalendarSharing.Tests.Support
{
    /// <summary>An IOutputSink that records everything, in order, from any thread; answers ShouldProcess as told.</summary>
    public sealed class RecordingSink : IOutputSink
    {
        private readonly ConcurrentQueue<(string Stream, object Item)> all = new ConcurrentQueue<(string, object)>();
        private readonly Func<string, string, bool> shouldProcess;

        public RecordingSink(Func<string, string, bool>? shouldProcess = null)
        {
            this.shouldProcess = shouldProcess ?? ((_, _) => true);
        }

        public IReadOnlyList<(string Stream, object Item)> All => all.ToList();

        public IReadOnlyList<object> Objects => Stream<object>("output");

        public IReadOnlyList<OperationError> Errors => Stream<OperationError>("error");

        public IReadOnlyList<string> Verbose => Stream<string>("verbose");

        public IReadOnlyList<string> Debug => Stream<string>("debug");

        public IReadOnlyList<string> Warnings => Stream<string>("warning");

        public IReadOnlyList<ProgressInfo> Progress => Stream<ProgressInfo>("progress");

        public List<(string Target, string Action)> ShouldProcessCalls { get; } = new List<(string, string)>();

        public IReadOnlyList<T> OfType<T>() => Objects.OfType<T>().ToList();

        /// <summary>Every text the sink received (messages, errors, verbose, debug), for secret checks.</summary>
        public string AllText => string.Join("\n", all.Select(a => a.Item is OperationError e ? $"{e.ErrorId} {e.Message} {e.RecommendedAction} {e.Exception}" : a.Item.ToString()));

        public void WriteObject(object item) => all.Enqueue(("output", item));

        public void WriteError(OperationError error) => all.Enqueue(("error", error));

        public void WriteWarning(string message) => all.Enqueue(("warning", message));

        public void WriteVerbose(string message) => all.Enqueue(("verbose", message));

        public void WriteDebug(string message) => all.Enqueue(("debug", message));

        public void WriteProgress(ProgressInfo progress) => all.Enqueue(("progress", progress));

        public bool ShouldProcess(string target, string action)
        {
            lock (ShouldProcessCalls)
            {
                ShouldProcessCalls.Add((target, action));
            }

            return shouldProcess(target, action);
        }

        private IReadOnlyList<T> Stream<T>(string name) => all.Where(a => a.Stream == name).Select(a => (T)a.Item).ToList();
    }
}
