import Testing

@testable import Dashboard

@Suite("Form bodies")
struct FormBodyTests {
    @Test(
        "url-encoded fields decode; the first of a repeated field wins; broken escapes are dropped",
        arguments: [
            ("csrf=ab12&id=review-1-2-abc", ["csrf": "ab12", "id": "review-1-2-abc"]),
            ("reason=GitLab+is+down%21&reason=second", ["reason": "GitLab is down!"]),
            ("token=a%2Bb%3Dc&empty=&flag", ["token": "a+b=c", "empty": "", "flag": ""]),
            ("bad=%zz&ok=1", ["ok": "1"]),
            ("", [:]),
        ]
    )
    func fields(body: String, expected: [String: String]) {
        #expect(FormBody.fields(body) == expected)
    }
}
