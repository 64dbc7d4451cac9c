using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Resilience;
using CalendarSharing.Online.Graph;
using Xunit;

namespace CalendarSharing.Tests.Online
{
    /// <summary>
    /// The one place Graph errors become ours (https://learn.microsoft.com/graph/errors, and the codes Exchange Online
    /// is observed to send).
    /// </summary>
    public sealed class GraphErrorMapTests
    {
        [Theory]
        [InlineData(404, "ErrorInvalidUser", "Calendar", BackendErrorCode.MailboxNotFound)]
        [InlineData(404, "MailboxNotEnabledForRESTAPI", "Calendar", BackendErrorCode.MailboxNotFound)]
        [InlineData(404, "ErrorItemNotFound", "Calendar", BackendErrorCode.CalendarNotFound)]
        [InlineData(404, "ErrorItemNotFound", "Mailbox", BackendErrorCode.MailboxNotFound)]
        [InlineData(404, "ErrorInvalidUser", "Principal", BackendErrorCode.PrincipalNotFound)]
        [InlineData(404, "ErrorItemNotFound", "Permission", BackendErrorCode.Conflict)]
        [InlineData(403, "ErrorAccessDenied", "Calendar", BackendErrorCode.AccessDenied)]
        [InlineData(401, "InvalidAuthenticationToken", "Calendar", BackendErrorCode.Authentication)]
        [InlineData(412, "ErrorIrresolvableConflict", "Permission", BackendErrorCode.Conflict)]
        [InlineData(409, "ErrorItemAlreadyExists", "Permission", BackendErrorCode.Conflict)]
        [InlineData(429, "ApplicationThrottled", "Calendar", BackendErrorCode.Throttled)]
        [InlineData(503, null, "Calendar", BackendErrorCode.Transient)]
        [InlineData(400, "ErrorInvalidUser", "Principal", BackendErrorCode.PrincipalNotFound)]
        [InlineData(400, "ErrorNotSupported", "Calendar", BackendErrorCode.NotSupported)]
        [InlineData(400, "ErrorPermissionNotAllowedByPolicy", "Calendar", BackendErrorCode.NotAllowedByPolicy)]
        [InlineData(400, "ErrorInvalidParameter", "Calendar", BackendErrorCode.InvalidInput)]
        [InlineData(500, "ErrorInternalServerError", "Calendar", BackendErrorCode.ServerFault)]
        public void Status_and_code_map_to_our_error(int status, string? code, string notFound, BackendErrorCode expected)
        {
            var error = GraphErrorMap.Map(status, code, "text", "Cannot do it", (NotFoundMeans)System.Enum.Parse(typeof(NotFoundMeans), notFound));
            Assert.Equal(expected, error.Code);
            Assert.StartsWith("Cannot do it: ", error.Message);
            Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.ServerCode);
        }

        [Fact]
        public void The_SDK_giving_up_after_its_retries_is_reported_as_throttled()
        {
            var gaveUp = new System.AggregateException("Too many retries", new Microsoft.Kiota.Abstractions.ApiException("x") { ResponseStatusCode = 429 });
            Assert.Equal(BackendErrorCode.Throttled, GraphErrorMap.FromException(gaveUp, "Cannot read", NotFoundMeans.Calendar).Code);
        }

        [Fact]
        public void A_400_about_allowedRoles_is_RoleNotAllowed()
        {
            Assert.Equal(BackendErrorCode.RoleNotAllowed, GraphErrorMap.Code(400, "ErrorInvalidParameter", "The role must be one of allowedRoles.", NotFoundMeans.Permission));
        }

        [Fact]
        public void The_SDK_retry_handler_is_configured_from_our_budget()
        {
            var option = GraphGateway.RetryOption(new RetryOptions { MaxAttempts = 4, MaxTotalDelay = System.TimeSpan.FromSeconds(30) });
            Assert.Equal(3, option.MaxRetry);
            Assert.Equal(System.TimeSpan.FromSeconds(30), option.RetriesTimeLimit);

            // Kiota asks only this delegate whether to retry: it must say yes to 429/503/504 and no to anything else.
            Assert.True(option.ShouldRetry(1, 0, new System.Net.Http.HttpResponseMessage((System.Net.HttpStatusCode)429)));
            Assert.True(option.ShouldRetry(1, 0, new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable)));
            Assert.False(option.ShouldRetry(1, 0, new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.OK)));
            Assert.False(option.ShouldRetry(1, 0, new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.BadRequest)));
            Assert.Equal(10, GraphGateway.RetryOption(new RetryOptions { MaxAttempts = 50 }).MaxRetry);
        }
    }
}
