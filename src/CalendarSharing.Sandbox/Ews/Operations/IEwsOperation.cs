using System.Xml.Linq;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>One EWS operation: takes the body payload (m:GetFolder, ...) and returns the response payload.</summary>
    internal interface IEwsOperation
    {
        /// <summary>The local name of the request element, e.g. GetFolder.</summary>
        string Name { get; }

        XElement Execute(XElement request, EwsRequestContext context);
    }
}
