/// Which findings are worth posting: those at or above a confidence, at most a number of them, most urgent first.
public struct ReviewSelection: Sendable, Hashable {
    /// Findings below this confidence are dropped.
    public var minimumConfidence: Double
    /// At most this many findings are kept.
    public var maximumFindings: Int

    /// Creates a selection.
    ///
    /// - Parameters:
    ///   - minimumConfidence: findings below it are dropped; 0 keeps all.
    ///   - maximumFindings: how many to keep at most (10 by default); a negative value keeps none.
    public init(minimumConfidence: Double = 0, maximumFindings: Int = 10) {
        self.minimumConfidence = minimumConfidence
        self.maximumFindings = maximumFindings
    }

    /// The findings to post, ordered by priority (P0 first), then confidence (highest first), then the model's
    /// order.
    ///
    /// - Parameter findings: the model's findings.
    /// - Returns: at most ``maximumFindings`` findings, none below ``minimumConfidence``.
    public func select(_ findings: [ReviewFinding]) -> [ReviewFinding] {
        rankedIndices(of: findings).map { findings[$0] }
    }

    /// The indices of the findings ``select(_:)`` keeps, in its order.
    func rankedIndices(of findings: [ReviewFinding]) -> [Int] {
        let ranked = findings.indices
            .filter { findings[$0].confidence >= minimumConfidence }
            .sorted { lhs, rhs in
                let (left, right) = (findings[lhs], findings[rhs])
                if left.priority != right.priority { return left.priority < right.priority }
                if left.confidence != right.confidence { return left.confidence > right.confidence }
                return lhs < rhs
            }
        return Array(ranked.prefix(max(0, maximumFindings)))
    }
}
