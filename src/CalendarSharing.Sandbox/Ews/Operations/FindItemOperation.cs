using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Events;
using CalendarSharing.Sandbox.Faults;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>
    /// FindItem on calendar folders, one FindItemResponseMessage per parent folder. With m:CalendarView: singles, occurrences
    /// and exceptions of [StartDate, EndDate), at most MaxEntriesReturned and never more than EWSFindCountLimit (1,000); more
    /// sets IncludesLastItemInRange="false" (the view cannot be paged), a range over two years is
    /// ErrorCalendarViewRangeTooBig, and a restriction is refused (https://learn.microsoft.com/exchange/client-developer/web-service-reference/calendarview,
    /// https://learn.microsoft.com/exchange/client-developer/exchange-web-services/ews-throttling-in-exchange). Without it: singles
    /// and series masters, optionally filtered by a t:IsEqualTo restriction on an extended property or a FieldURI.
    /// </summary>
    internal sealed class FindItemOperation : IEwsOperation
    {
        /// <summary>EWSFindCountLimit's default.</summary>
        public const int FindCountLimit = 1000;

        private static readonly XNamespace M = EwsNames.M;
        private static readonly XNamespace T = EwsNames.T;

        public string Name => "FindItem";

        public XElement Execute(XElement request, EwsRequestContext context)
        {
            var shape = ItemShape.Parse(request.Element(M + "ItemShape"));
            var messages = new XElement(M + "ResponseMessages");
            foreach (var parent in request.Element(M + "ParentFolderIds")?.Elements() ?? Enumerable.Empty<XElement>())
            {
                try
                {
                    var (folder, hidePrivate) = ItemResolver.Folder(parent, context, ItemAccess.Read);
                    messages.Add(SoapWriter.Success("FindItemResponseMessage", Find(request, folder, shape, context, hidePrivate)));
                }
                catch (EwsItemException error)
                {
                    messages.Add(SoapWriter.Failure("FindItemResponseMessage", error));
                }
            }

            return new XElement(M + "FindItemResponse", messages);
        }

        private static XElement Find(XElement request, SandboxFolder folder, ItemShape shape, EwsRequestContext context, bool hidePrivate)
        {
            var view = request.Element(M + "CalendarView");
            var restriction = request.Element(M + "Restriction");
            if (view != null)
            {
                if (!folder.IsCalendar)
                {
                    throw new EwsItemException("ErrorCalendarFolderIsInvalidForCalendarView", "A calendar view needs a calendar folder.");
                }

                if (restriction != null)
                {
                    throw new EwsItemException("ErrorInvalidRestriction", "Restrictions are not supported with a calendar view.");
                }

                var violation = shape.FindItemViolation();
                if (violation != null)
                {
                    throw new EwsItemException("ErrorInvalidPropertyRequest", "The property " + violation + " cannot be used in FindItem requests.");
                }

                var start = CalendarItemXml.ParseDateTime((string)view.Attribute("StartDate")!, "UTC");
                var end = CalendarItemXml.ParseDateTime((string)view.Attribute("EndDate")!, "UTC");
                if (end < start)
                {
                    throw new EwsItemException("ErrorCalendarEndDateIsEarlierThanStartDate", "The EndDate of the calendar view is earlier than its StartDate.");
                }

                if (end > start.AddYears(2))
                {
                    throw new EwsItemException("ErrorCalendarViewRangeTooBig", "The calendar view range spans more than two years.");
                }

                var all = context.Org.ExpandWindow(folder, start, end);
                var cap = Cap((string?)view.Attribute("MaxEntriesReturned"));
                var shown = all.Take(cap).ToList();
                return Root(shown.Select(o => CalendarItemXml.Write(hidePrivate ? CalendarItemXml.Masked(o) : o, folder, shape, true, context.RequestVersion)), all.Count, shown.Count == all.Count, null);
            }

            var items = folder.Items.Snapshot().AsEnumerable();
            if (restriction != null)
            {
                var test = Compile(restriction.Elements().Single());
                items = items.Where(test);
            }

            var ordered = items.OrderBy(e => e.StartUtc).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
            var paging = request.Element(M + "IndexedPageItemView");
            var offset = paging == null ? 0 : int.Parse((string?)paging.Attribute("Offset") ?? "0", CultureInfo.InvariantCulture);
            var page = ordered.Skip(offset).Take(Cap((string?)paging?.Attribute("MaxEntriesReturned"))).ToList();
            var occurrences = page.Select(e => new SandboxOccurrence(e, e.IsSeriesMaster ? EventKind.SeriesMaster : EventKind.SingleInstance, e.Id, e.StartUtc, e.EndUtc, null, null));
            return Root(occurrences.Select(o => CalendarItemXml.Write(hidePrivate ? CalendarItemXml.Masked(o) : o, folder, shape, true, context.RequestVersion)), ordered.Count, offset + page.Count >= ordered.Count, paging == null ? (int?)null : offset + page.Count);
        }

        private static int Cap(string? maxEntries)
        {
            var max = maxEntries == null ? FindCountLimit : int.Parse(maxEntries, CultureInfo.InvariantCulture);
            return Math.Max(0, Math.Min(max, FindCountLimit));
        }

        private static XElement Root(IEnumerable<XElement> items, int total, bool includesLast, int? indexedOffset) =>
            new XElement(M + "RootFolder",
                indexedOffset.HasValue ? new XAttribute("IndexedPagingOffset", indexedOffset.Value) : null,
                new XAttribute("TotalItemsInView", total),
                new XAttribute("IncludesLastItemInRange", includesLast ? "true" : "false"),
                new XElement(T + "Items", items));

        /// <summary>t:IsEqualTo (and t:And of them) on an ExtendedFieldURI or item:Subject; anything else is ErrorInvalidRestriction.</summary>
        private static Func<SandboxEvent, bool> Compile(XElement expression)
        {
            switch (expression.Name.LocalName)
            {
                case "And":
                    var parts = expression.Elements().Select(Compile).ToList();
                    return e => parts.All(p => p(e));
                case "IsEqualTo":
                    var path = expression.Elements().First();
                    var constant = (string?)expression.Element(T + "FieldURIOrConstant")?.Element(T + "Constant")?.Attribute("Value")
                        ?? throw new EwsItemException("ErrorInvalidRestriction", "The sandbox compares with constants only.");
                    if (path.Name == T + "ExtendedFieldURI")
                    {
                        var field = ExtendedField.Parse(path);
                        return e => e.Properties.TryGetValue(field.Key, out var v) && string.Equals(v, constant, StringComparison.Ordinal);
                    }

                    if (path.Name == T + "FieldURI" && (string?)path.Attribute("FieldURI") == "item:Subject")
                    {
                        return e => string.Equals(e.Subject, constant, StringComparison.OrdinalIgnoreCase);
                    }

                    throw new EwsItemException("ErrorInvalidRestriction", "The sandbox restricts on extended properties and item:Subject only.");
                default:
                    throw new EwsItemException("ErrorInvalidRestriction", "The sandbox supports IsEqualTo and And restrictions only.");
            }
        }
    }
}
