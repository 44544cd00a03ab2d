public import WardenCore

/// Which findings the remediation runner handled on which day, and how many merge requests it
/// opened: what makes a finding run once per day and enforces the daily cap.
public protocol RemediationStore: Sendable {
    /// The record of a finding handled on `day`, or `nil` when it was not.
    ///
    /// - Throws: ``StoreError``; `invalid_argument` for a day that is not `YYYY-MM-DD`.
    func remediation(forge: ForgeKind, projectID: ProjectID, day: String, findingID: String) async throws -> RemediationRecord?

    /// Records a handled finding, replacing an earlier record of the same forge, project, day and finding.
    ///
    /// - Throws: ``StoreError``; `invalid_argument` for a day that is not `YYYY-MM-DD`.
    func recordRemediation(_ remediation: RemediationRecord) async throws

    /// How many merge requests the runner opened in a project of `forge` on `day`.
    ///
    /// - Throws: ``StoreError``; `invalid_argument` for a day that is not `YYYY-MM-DD`.
    func remediationMergeRequestCount(forge: ForgeKind, projectID: ProjectID, day: String) async throws -> Int
}

extension RemediationStore {
    /// The record of a finding of a GitLab project on a day. See ``remediation(forge:projectID:day:findingID:)``.
    public func remediation(projectID: ProjectID, day: String, findingID: String) async throws -> RemediationRecord? {
        try await remediation(forge: .gitlab, projectID: projectID, day: day, findingID: findingID)
    }

    /// Merge requests opened in a GitLab project on a day. See ``remediationMergeRequestCount(forge:projectID:day:)``.
    public func remediationMergeRequestCount(projectID: ProjectID, day: String) async throws -> Int {
        try await remediationMergeRequestCount(forge: .gitlab, projectID: projectID, day: day)
    }
}
