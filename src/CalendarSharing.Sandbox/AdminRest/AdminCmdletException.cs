using System;

namespace CalendarSharing.Sandbox.AdminRest
{
    /// <summary>A cmdlet failure as the admin API reports it: HTTP status, .NET exception type and message.</summary>
    internal sealed class AdminCmdletException : Exception
    {
        public const string NotFound = "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException";
        public const string ParameterBinding = "System.Management.Automation.ParameterBindingException";
        public const string CommandNotFound = "System.Management.Automation.CommandNotFoundException";
        public const string InvalidOperation = "Microsoft.Exchange.Configuration.Tasks.TaskInvalidOperationException";

        public AdminCmdletException(string exceptionType, string message, string stringId = "")
            : base(message)
        {
            ExceptionType = exceptionType;
            StringId = stringId;
        }

        public string ExceptionType { get; }

        public string StringId { get; }
    }
}
