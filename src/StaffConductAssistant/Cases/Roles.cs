namespace StaffConductAssistant.Cases;

/// <summary>The capacity in which someone acts on a case; the workflow checks this on every step.</summary>
public enum StaffRole
{
    Staff,
    Slt,
    Headmistress,
    ActingHeadmistress,

    /// <summary>The Designated Safeguarding Lead (KCSIE): sees and records safeguarding concerns.</summary>
    Dsl,
}

/// <summary>
/// Who is asking, and in which roles they may act: the input to <see cref="CaseAccess"/>. No roles at all means
/// the person is not on the school's staff (a guest, a pupil, a removed account).
/// </summary>
/// <param name="DecidesWhenHeadmistressNamed">
/// Configured (not appointed in the app) to decide cases that name the Headmistress, so she cannot choose who decides them.
/// </param>
public sealed record StaffMember(string UserId, IReadOnlySet<StaffRole> Roles, bool DecidesWhenHeadmistressNamed = false)
{
    public static StaffMember Nobody { get; } = new(string.Empty, new HashSet<StaffRole>());

    public bool Has(StaffRole role) => Roles.Contains(role);

    public bool IsStaff => !string.IsNullOrWhiteSpace(UserId) && Has(StaffRole.Staff);

    public bool IsSlt => Has(StaffRole.Slt);

    /// <summary>The Headmistress, or the acting Headmistress during her appointment.</summary>
    public bool CanDecide => Has(StaffRole.Headmistress) || Has(StaffRole.ActingHeadmistress);
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
