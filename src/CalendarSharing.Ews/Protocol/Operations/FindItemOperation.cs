using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
    /// <summary>What one FindItem answered for its folder.</summary>
    internal sealed class EwsFindItemResult
    {
        public EwsFindItemResult(EwsResponseMessage message, IReadOnlyList<EwsCalendarItem> items, bool includesLastItemInRange, int? totalItemsInView)
        {
            Message = message;
            Items = items;
            IncludesLastItemInRange = includesLastItemInRange;
            TotalItemsInView = totalItemsInView;
        }

        public EwsResponseMessage Message { get; }

        public IReadOnlyList<EwsCalendarItem> Items { get; }

        public bool IncludesLastItemInRange { get; }

        public int? TotalItemsInView { get; }
    }

    /// <summary>
    /// FindItem in one calendar folder: with a calendar view (occurrences expanded; the answer is cut at MaxEntriesReturned
    /// and says so by IncludesLastItemInRange="false", the view cannot be paged:
    /// https://learn.microsoft.com/exchange/client-developer/web-service-reference/calendarview), or without one, restricted
    /// to items whose extended property has a value (singles and series masters).
    /// </summary>
    internal sealed class FindItemOperation : EwsOperation<EwsFindItemResult>
    {
        private FindItemOperation(EwsFolderReference folder, XElement shape)
        {
            Folder = folder;
            Shape = shape;
        }

        public EwsFolderReference Folder { get; }

        public XElement Shape { get; }

        public DateTimeOffset? Start { get; private set; }

        public DateTimeOffset? End { get; private set; }

        public int MaxEntries { get; private set; } = 1000;

        public EwsExtendedField? Property { get; private set; }

        public string? Value { get; private set; }

        public override string Name => "FindItem";

        public static FindItemOperation CalendarView(EwsFolderReference folder, XElement shape, DateTimeOffset start, DateTimeOffset end, int maxEntries) =>
            new FindItemOperation(folder, shape) { Start = start, End = end, MaxEntries = maxEntries };

        public static FindItemOperation WithProperty(EwsFolderReference folder, XElement shape, EwsExtendedField property, string value, int maxEntries) =>
            new FindItemOperation(folder, shape) { Property = property, Value = value, MaxEntries = maxEntries };

        public override XElement WriteRequest()
        {
            var m = EwsXml.M;
            var t = EwsXml.T;
            var max = MaxEntries.ToString(CultureInfo.InvariantCulture);
            return new XElement(m + Name,
                new XAttribute("Traversal", "Shallow"),
                Shape,
                Start.HasValue
                    ? new XElement(m + "CalendarView", new XAttribute("MaxEntriesReturned", max), new XAttribute("StartDate", EwsCalendarXml.Utc(Start.Value)), new XAttribute("EndDate", EwsCalendarXml.Utc(End!.Value)))
                    : new XElement(m + "IndexedPageItemView", new XAttribute("MaxEntriesReturned", max), new XAttribute("Offset", "0"), new XAttribute("BasePoint", "Beginning")),
                Property == null
                    ? null
                    : new XElement(m + "Restriction",
                        new XElement(t + "IsEqualTo", Property.Uri(), new XElement(t + "FieldURIOrConstant", new XElement(t + "Constant", new XAttribute("Value", Value!))))),
                new XElement(m + "ParentFolderIds", EwsTypeWriter.FolderReference(Folder)));
        }

        public override EwsFindItemResult ReadResponse(XElement payload)
        {
            var messages = EwsEnvelopeReader.ResponseMessages(payload, Name);
            if (messages.Count != 1)
            {
                throw new EwsProtocolException($"FindItem asked one folder but the server answered {messages.Count} messages.");
            }

            var root = messages[0].Child("RootFolder");
            var items = root.Child("Items").Children("CalendarItem").Select(EwsCalendarXml.Read).ToList();
            var includesLast = root.Attr("IncludesLastItemInRange") is string last ? last == "true" || last == "1" : true;
            return new EwsFindItemResult(EwsEnvelopeReader.ReadMessage(messages[0]), items, includesLast, EwsXml.ParseInt(root.Attr("TotalItemsInView")));
        }
    }
}
