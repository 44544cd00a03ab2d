/// The dashboard's Mustache templates, compiled into the binary as strings so a static release build needs no
/// resource bundle. Data goes through `{{ }}` only, which escapes it; the one `{{{ }}}` is the chart, markup that
/// ``DayChart`` escaped itself.
enum DashboardTemplates {
    /// The shell every page shares: head, stylesheet (with the response's CSP nonce) and header.
    static let layout = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>{{title}}</title>
        <style nonce="{{nonce}}">
        :root { color-scheme: light dark; --fg: #1d2330; --muted: #5b6475; --bg: #f6f7f9; --card: #fff; --line: #dde1e8;
          --accent: #2d5bd7; --bad: #b42318; --warn: #9a6700; --ok: #1a7f37; }
        @media (prefers-color-scheme: dark) { :root { --fg: #e6e9ef; --muted: #9aa3b2; --bg: #12151b; --card: #1b1f27;
          --line: #2c323d; --accent: #7aa2ff; --bad: #ff7b72; --warn: #d29922; --ok: #3fb950; } }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
        header { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: baseline; padding: .8rem 1rem; border-bottom: 1px solid var(--line); background: var(--card); }
        header h1 { font-size: 1.2rem; margin: 0; }
        header .facts { color: var(--muted); font-size: .9rem; display: flex; flex-wrap: wrap; gap: .2rem 1rem; }
        main { max-width: 1200px; margin: 0 auto; padding: 1rem; display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr)); }
        section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .8rem 1rem; min-width: 0; }
        section.wide { grid-column: 1 / -1; }
        h2 { font-size: 1rem; margin: 0 0 .6rem; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-size: .9rem; }
        th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { color: var(--muted); font-weight: 600; white-space: nowrap; }
        td.id, td.sha { font-family: ui-monospace, monospace; font-size: .82rem; word-break: break-all; }
        td.error { color: var(--bad); word-break: break-word; max-width: 28rem; }
        .counts { display: grid; grid-template-columns: repeat(3, 1fr); gap: .5rem; }
        .count { border: 1px solid var(--line); border-radius: 6px; padding: .4rem .6rem; }
        .count b { display: block; font-size: 1.4rem; }
        .count span { color: var(--muted); font-size: .85rem; }
        .state { font-size: .8rem; padding: .05rem .4rem; border-radius: 4px; border: 1px solid var(--line); white-space: nowrap; }
        .state-dead, .state-failed { color: var(--bad); } .state-running { color: var(--accent); } .state-done, .state-posted { color: var(--ok); }
        .banner { grid-column: 1 / -1; border-color: var(--warn); }
        .banner p { margin: 0 0 .5rem; }
        form.inline { display: inline; margin: 0; }
        form.row { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
        input[type=text], input[type=password] { font: inherit; padding: .35rem .5rem; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); min-width: 0; flex: 1 1 12rem; }
        button { font: inherit; padding: .35rem .8rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
        button.small { padding: .1rem .5rem; font-size: .85rem; }
        dl.seat { display: grid; grid-template-columns: max-content 1fr; gap: .2rem .8rem; margin: 0; }
        dl.seat dt { color: var(--muted); } dl.seat dd { margin: 0; word-break: break-all; }
        .muted { color: var(--muted); }
        .chart { width: 100%; max-width: 760px; height: auto; display: block; }
        .chart-title, .chart-label { fill: var(--muted); font-size: 12px; }
        .chart-axis { stroke: var(--line); }
        .bar-runs { fill: var(--accent); } .bar-tokens { fill: var(--ok); } .bar-cost { fill: var(--warn); }
        .windows { display: grid; gap: .4rem; margin: 0 0 .7rem; }
        .window { display: grid; grid-template-columns: 3rem 1fr max-content; gap: .2rem .6rem; align-items: center; font-size: .9rem; }
        .window meter { width: 100%; height: 1rem; }
        .window .resets { grid-column: 2 / -1; color: var(--muted); font-size: .82rem; }
        .hold { border-left: 3px solid var(--warn); padding: .2rem .6rem; margin: 0 0 .5rem; }
        .hold b { color: var(--warn); }
        td.waiting { color: var(--warn); font-size: .85rem; }
        a { color: var(--accent); }
        .center { max-width: 26rem; margin: 3rem auto; padding: 0 1rem; }
        .center section p { margin: 0 0 .8rem; }
        </style>
        </head>
        <body>
        {{$body}}{{/body}}
        </body>
        </html>
        """

    /// A merge request reference, linked when its address is known (built by ``MergeRequestLink``, escaped here).
    static let mergeRequest = """
        {{#link}}<a href="{{link}}" rel="noreferrer noopener" target="_blank">{{mergeRequest}}</a>{{/link}}{{^link}}{{mergeRequest}}{{/link}}
        """

    /// The seat: its usage windows as bars with their reset times, its holds, and the facts of the server.
    static let seat = """
        {{#seat}}
        <section id="seat">
        <h2>Seat</h2>
        {{#seatView}}
        <div class="windows">{{#windows}}<div class="window" id="window-{{name}}"><b>{{label}}</b><meter min="0" max="100" low="70" high="90" optimum="0" value="{{used}}" aria-label="{{label}} window used">{{used}}%</meter><span>{{used}}%{{#reserved}} (reserve){{/reserved}}</span><span class="resets">{{resets}}</span></div>{{/windows}}
        {{^windows}}<p class="muted">No usage windows reported yet.</p>{{/windows}}</div>
        {{#holds}}<p class="hold"><b>{{kind}} held until {{until}}</b>: <span class="reason">{{reason}}</span></p>{{/holds}}
        {{/seatView}}
        <dl class="seat"><dt>codex</dt><dd id="codex-version">{{codex}}</dd><dt>sandbox</dt><dd>{{sandboxMode}}</dd><dt>store</dt><dd>{{store}}</dd>{{#seatView.planType}}<dt>plan</dt><dd>{{seatView.planType}}</dd>{{/seatView.planType}}{{#seatView.reserve}}<dt>reserve</dt><dd>{{seatView.reserve}}</dd>{{/seatView.reserve}}<dt>warden</dt><dd>{{wardenVersion}}</dd></dl>
        </section>
        {{/seat}}
        """

    /// The gateway's recent turns.
    static let turns = """
        <section class="wide">
        <h2>Gateway turns</h2>
        <div class="scroll"><table id="turns">
        <thead><tr><th>model</th><th>tokens</th><th>cost</th><th>duration</th><th>outcome</th><th>age</th></tr></thead>
        <tbody>
        {{#turns}}<tr><td>{{model}}</td><td>{{tokens}}</td><td>{{cost}}</td><td>{{duration}}</td><td><span class="state {{#failed}}state-failed{{/failed}}{{^failed}}state-done{{/failed}}">{{outcome}}</span></td><td>{{age}}</td></tr>
        {{/turns}}
        {{^turns}}<tr><td colspan="6" class="muted">No gateway turns in the last 14 days.</td></tr>{{/turns}}
        </tbody></table></div>
        </section>
        """

    /// The review bot's dashboard.
    static let dashboard = """
        {{<layout}}{{$body}}
        <header>
        <h1>{{title}}</h1>
        {{#seat}}<div class="facts"><span>warden {{wardenVersion}}</span><span>sandbox {{sandboxMode}}</span><span>store {{store}}</span></div>{{/seat}}
        </header>
        <main>
        {{#pause}}
        <section class="banner" id="paused">
        <h2>Queue paused</h2>
        <p>Paused {{age}} ago: <span class="reason">{{reason}}</span></p>
        <form class="row" method="post" action="/actions/resume"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Resume queue</button></form>
        </section>
        {{/pause}}
        {{#seatView.held}}
        <section class="banner" id="held">
        <h2>New work held</h2>
        {{#seatView.holds}}<p><b>{{kind}}</b> until {{until}}: <span class="reason">{{reason}}</span></p>{{/seatView.holds}}
        </section>
        {{/seatView.held}}
        <section>
        <h2>Queue</h2>
        <div class="counts">{{#counts}}<div class="count" id="count-{{state}}"><b>{{count}}</b><span>{{state}}</span></div>{{/counts}}</div>
        {{^pause}}
        <form class="row" method="post" action="/actions/pause">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="text" name="reason" placeholder="why (optional)" aria-label="Reason for pausing" maxlength="200">
        <button type="submit">Pause queue</button>
        </form>
        {{/pause}}
        </section>
        {{>seat}}
        <section class="wide">
        <h2>Last 14 days</h2>
        {{{chart}}}
        </section>
        <section class="wide">
        <h2>Newest jobs</h2>
        <div class="scroll"><table id="jobs">
        <thead><tr><th>job</th><th>kind</th><th>forge</th><th>state</th><th>project</th><th>MR</th><th>attempts</th><th>last error</th><th>waiting</th><th>age</th><th></th></tr></thead>
        <tbody>
        {{#jobs}}<tr><td class="id">{{id}}</td><td>{{kind}}</td><td>{{forge}}</td><td><span class="state state-{{state}}">{{state}}</span></td><td>{{project}}</td><td>{{>mr}}</td><td>{{attempts}}</td><td class="error">{{lastError}}</td><td class="waiting">{{waiting}}</td><td>{{age}}</td>
        <td>{{#retryable}}<form class="inline" method="post" action="/actions/retry"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="id" value="{{id}}"><button class="small" type="submit">Retry</button></form>{{/retryable}}</td></tr>
        {{/jobs}}
        {{^jobs}}<tr><td colspan="11" class="muted">No jobs.</td></tr>{{/jobs}}
        </tbody></table></div>
        </section>
        <section class="wide">
        <h2>Recent reviews</h2>
        <div class="scroll"><table id="reviews">
        <thead><tr><th>project</th><th>MR</th><th>SHA</th><th>state</th><th>findings</th><th>tokens</th><th>cost</th><th>duration</th><th>age</th></tr></thead>
        <tbody>
        {{#reviews}}<tr><td>{{project}}</td><td>{{>mr}}</td><td class="sha">{{sha}}</td><td><span class="state state-{{state}}">{{state}}</span></td><td>{{findings}}</td><td>{{tokens}}</td><td>{{cost}}</td><td>{{duration}}</td><td>{{age}}</td></tr>
        {{/reviews}}
        {{^reviews}}<tr><td colspan="8" class="muted">No reviews yet.</td></tr>{{/reviews}}
        </tbody></table></div>
        </section>
        {{>turns}}
        </main>
        {{/body}}{{/layout}}
        """

    /// The dashboard of a server without a queue: its status, the seat, the chart and the gateway turns.
    static let status = """
        {{<layout}}{{$body}}
        <header>
        <h1>{{title}}</h1>
        {{#seat}}<div class="facts"><span>warden {{wardenVersion}}</span><span>sandbox {{sandboxMode}}</span></div>{{/seat}}
        </header>
        <main>
        <section>
        <h2>Status</h2>
        <dl class="seat" id="status">{{#facts}}<dt>{{label}}</dt><dd>{{value}}</dd>{{/facts}}</dl>
        </section>
        {{>seat}}
        <section class="wide">
        <h2>Last 14 days</h2>
        {{{chart}}}
        </section>
        {{>turns}}
        </main>
        {{/body}}{{/layout}}
        """

    /// The login form, and the page a wrong token gets (with `message`).
    static let login = """
        {{<layout}}{{$body}}
        <div class="center"><section>
        <h2>{{title}}</h2>
        {{#message}}<p class="error" id="message">{{message}}</p>{{/message}}
        <form class="row" method="post" action="/login">
        <input type="password" name="token" placeholder="dashboard token" aria-label="Dashboard token" autocomplete="current-password" required>
        <button type="submit">Sign in</button>
        </form>
        </section></div>
        {{/body}}{{/layout}}
        """

    /// A refusal: 403 (CSRF, dashboard off) or 404.
    static let message = """
        {{<layout}}{{$body}}
        <div class="center"><section><h2>{{title}}</h2><p id="message">{{message}}</p></section></div>
        {{/body}}{{/layout}}
        """
}
