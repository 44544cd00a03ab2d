public import Forge

/// What to post for a review: the inline threads, the findings the summary lists instead, and what was left out.
///
/// Built in one pure step from the model's answer and the merge request's diff: each finding is placed on the
/// diff; a placed finding already on the merge request (same fingerprint) is skipped; the rest are ranked and cut
/// by the ``ReviewSelection``, so the cap counts only findings that would be new.
public struct ReviewPlan: Sendable, Hashable {
    /// An inline thread to start.
    public struct InlineComment: Sendable, Hashable {
        /// The finding.
        public var finding: ReviewFinding
        /// Where the thread goes.
        public var position: DiffPosition
        /// The finding's fingerprint.
        public var fingerprint: FindingFingerprint
        /// The thread's first note, with the fingerprint marker.
        public var body: String
    }

    /// A finding no diff line fits; the summary lists it with its `path:line`.
    public struct UnanchoredFinding: Sendable, Hashable {
        /// The finding.
        public var finding: ReviewFinding
        /// Its path, normalised.
        public var path: String
        /// Its last line.
        public var line: Int
        /// Why it is not inline.
        public var reason: UnanchoredReason
    }

    /// The threads to start, most urgent first.
    public var inlineComments: [InlineComment]
    /// The findings for the summary, most urgent first.
    public var unanchoredFindings: [UnanchoredFinding]
    /// Findings skipped because the merge request already has them.
    public var duplicateCount: Int
    /// Findings left out by the selection: below the confidence threshold or over the limit.
    public var leftOutCount: Int

    /// Plans a review's comments.
    ///
    /// - Parameters:
    ///   - output: the model's validated answer.
    ///   - files: the merge request's file diffs.
    ///   - version: the newest diff version, whose SHAs the positions carry.
    ///   - selection: the confidence threshold and limit.
    ///   - deduplicator: the fingerprints already on the merge request.
    public init(
        output: ReviewOutput,
        files: [FileDiff],
        version: DiffVersion,
        selection: ReviewSelection = ReviewSelection(),
        deduplicator: FindingDeduplicator = FindingDeduplicator()
    ) {
        var deduplicator = deduplicator
        var fresh: [(finding: ReviewFinding, place: Place)] = []
        var duplicates = 0
        for finding in output.findings {
            switch PositionMapper.place(finding, in: files, version: version) {
            case .inline(let position, let anchorLineContent):
                let path = PositionMapper.normalized(finding.path)
                let fingerprint = FindingFingerprint(
                    path: path,
                    anchorLineContent: anchorLineContent,
                    title: finding.title
                )
                if deduplicator.admit(fingerprint) {
                    fresh.append((finding, .inline(position, fingerprint)))
                } else {
                    duplicates += 1
                }
            case .unanchored(let path, let line, let reason):
                fresh.append(
                    (
                        finding,
                        .unanchored(UnanchoredFinding(finding: finding, path: path, line: line, reason: reason))
                    )
                )
            }
        }
        let selected = selection.rankedIndices(of: fresh.map(\.finding)).map { fresh[$0] }
        var inline: [InlineComment] = []
        var unanchored: [UnanchoredFinding] = []
        for (finding, place) in selected {
            switch place {
            case .inline(let position, let fingerprint):
                let body = FindingComment.body(for: finding, fingerprint: fingerprint)
                inline.append(
                    InlineComment(finding: finding, position: position, fingerprint: fingerprint, body: body)
                )
            case .unanchored(let item):
                unanchored.append(item)
            }
        }
        inlineComments = inline
        unanchoredFindings = unanchored
        duplicateCount = duplicates
        leftOutCount = fresh.count - selected.count
    }

    /// Where a new finding goes, once placed and fingerprinted.
    private enum Place {
        case inline(DiffPosition, FindingFingerprint)
        case unanchored(UnanchoredFinding)
    }
}
