/// The model's overall judgement of a merge request.
public enum ReviewVerdict: String, Sendable, Hashable, Codable, CaseIterable {
    /// Nothing blocks merging.
    case approve
    /// Worth reading, nothing that must be fixed.
    case comment
    /// At least one problem must be fixed before merging.
    case requestChanges = "request_changes"
}
