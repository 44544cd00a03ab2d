/// The part of Warden a Codex run worked for: the `system` of every run in the ledger.
public enum CodexSystem: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// A merge request review.
    case review
    /// An answer to a mention in a review discussion.
    case followup
    /// A remediation run fixing one finding.
    case remediation
    /// A chat gateway turn.
    case gateway

    /// The budget that pays for this system's runs: follow-ups come out of the review bot's budget, since one worker
    /// claims both kinds of job from one queue.
    public var budget: BudgetSystem {
        switch self {
        case .review, .followup: .review
        case .remediation: .remediation
        case .gateway: .gateway
        }
    }

    /// Systems sort in declaration order: review, follow-up, remediation, gateway.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.order < rhs.order }

    private var order: Int {
        switch self {
        case .review: 0
        case .followup: 1
        case .remediation: 2
        case .gateway: 3
        }
    }
}

/// A system with its own monthly budget (`costs.monthly_budget_usd.<system>`).
public enum BudgetSystem: String, Sendable, Hashable, Codable, CaseIterable {
    /// The review bot: reviews and follow-ups.
    case review
    /// The remediation runner.
    case remediation
    /// The chat gateway.
    case gateway

    /// The ledger systems this budget pays for.
    public var systems: [CodexSystem] { CodexSystem.allCases.filter { $0.budget == self } }
}
