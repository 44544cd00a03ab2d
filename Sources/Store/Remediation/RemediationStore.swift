public import WardenCore

/// Which findings the remediation runner handled on which day, and how many merge requests it
/// opened: what makes a finding run once per day and enforces the daily cap.
public protocol RemediationStore: Sendable {
    /// The record of a finding handled on `day`, or `nil` when it was not.
    ///
    /// - Throws: ``StoreError``; `invalid_argument` for a day that is not `YYYY-MM-DD`.
    func remediation(projectID: ProjectID, day: String, findingID: String) async throws -> RemediationRecord?

    /// Records a handled finding, replacing an earlier record of the same project, day and finding.
    ///
    /// - Throws: ``StoreError``; `invalid_argument` for a day that is not `YYYY-MM-DD`.
    func recordRemediation(_ remediation: RemediationRecord) async throws

    /// How many merge requests the runner opened in a project on `day`.
    ///
    /// - Throws: ``StoreError``; `invalid_argument` for a day that is not `YYYY-MM-DD`.
    func remediationMergeRequestCount(projectID: ProjectID, day: String) async throws -> Int
}
