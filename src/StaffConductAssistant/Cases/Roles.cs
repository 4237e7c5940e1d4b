namespace StaffConductAssistant.Cases;

/// <summary>The capacity in which someone acts on a case; the workflow checks this on every step.</summary>
public enum StaffRole
{
    Staff,
    Slt,
    Headmistress,
    ActingHeadmistress,
}

/// <summary>A person acting in one role; the same person may act in different roles at different times.</summary>
public sealed record Actor(string UserId, StaffRole Role);

/// <summary>
/// The Headmistress's naming of someone to decide in her absence, for a stated period.
/// Decisions taken under it are recorded as the acting Headmistress's, never as hers.
/// </summary>
public sealed record ActingHeadmistressAppointment(string UserId, DateTimeOffset From, DateTimeOffset Until, string AppointedBy)
{
    /// <summary>In force from <see cref="From"/> up to, but not including, <see cref="Until"/>.</summary>
    public bool IsInForce(DateTimeOffset at) => at >= From && at < Until;

    /// <summary>
    /// Validates an appointment request. Only the Headmistress herself may appoint, and not herself: the power to
    /// decide cannot be taken, only given by her.
    /// </summary>
    /// <exception cref="AppointmentException">The request is not one the policy allows.</exception>
    public static ActingHeadmistressAppointment Appoint(Actor requester, string userId, DateTimeOffset from, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(requester);
        if (requester.Role != StaffRole.Headmistress)
        {
            throw new AppointmentException(
                $"Only the Headmistress can name an acting Headmistress; '{requester.UserId}' is acting as {requester.Role}.");
        }

        if (string.IsNullOrWhiteSpace(userId))
        {
            throw new AppointmentException("Name the person who will act as Headmistress.");
        }

        if (string.Equals(userId, requester.UserId, StringComparison.OrdinalIgnoreCase))
        {
            throw new AppointmentException("The Headmistress cannot appoint herself as acting Headmistress.");
        }

        if (until <= from)
        {
            throw new AppointmentException("The period of the appointment must end after it begins.");
        }

        return new ActingHeadmistressAppointment(userId, from, until, requester.UserId);
    }
}

/// <summary>An acting Headmistress appointment that the policy's rules do not allow.</summary>
public sealed class AppointmentException : Exception
{
    public AppointmentException()
    {
    }

    public AppointmentException(string message)
        : base(message)
    {
    }

    public AppointmentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
