// One id type per kind, used by every module (webhook events, the forge client, the store, the review bot), so
// nothing converts between `Int` and `Int64` at a module edge. GitLab's ids are 64-bit, as `Int` is on every
// platform Warden runs on; SQLite stores them as 64-bit integers.

/// A forge project's numeric id (GitLab `project.id`).
public typealias ProjectID = Int

/// A merge request's number within its project (GitLab `iid`).
public typealias MergeRequestIID = Int

/// A note's (comment's) id (GitLab `note.id`).
public typealias NoteID = Int

/// A discussion's (thread's) id (GitLab `discussion_id`, a hex string).
public typealias DiscussionID = String

/// A forge user's numeric id (GitLab `user.id`).
public typealias UserID = Int
