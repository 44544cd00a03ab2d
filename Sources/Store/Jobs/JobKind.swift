/// What a queued job asks a worker to do.
public enum JobKind: String, Sendable, Codable, CaseIterable {
    /// Review a merge request at one head SHA.
    case review
    /// Answer a note that mentions the bot.
    case note
}
