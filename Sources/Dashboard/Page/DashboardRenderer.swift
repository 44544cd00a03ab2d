import Mustache

/// Renders the dashboard's pages from ``DashboardTemplates``.
struct DashboardRenderer: Sendable {
    /// The templates, parsed once. A parse error is a defect of the constants, which the tests catch.
    private static let library: Result<MustacheLibrary, any Error> = Result {
        try MustacheLibrary(templates: [
            "layout": MustacheTemplate(string: DashboardTemplates.layout),
            "dashboard": MustacheTemplate(string: DashboardTemplates.dashboard),
            "status": MustacheTemplate(string: DashboardTemplates.status),
            "login": MustacheTemplate(string: DashboardTemplates.login),
            "message": MustacheTemplate(string: DashboardTemplates.message),
            "mr": MustacheTemplate(string: DashboardTemplates.mergeRequest),
            "turns": MustacheTemplate(string: DashboardTemplates.turns),
            "seat": MustacheTemplate(string: DashboardTemplates.seat),
        ])
    }

    /// The context of the login and refusal pages.
    struct Notice: Sendable {
        var title: String
        var message: String?
        var nonce: String
    }

    /// Renders `object` with the template `name`.
    /// - Throws: the parse error of the templates, if they do not parse.
    static func render(_ object: Any, template name: String) throws -> String {
        let library = try library.get()
        return library.render(object, withTemplate: name) ?? ""
    }
}
