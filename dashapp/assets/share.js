/* The share link: this page's address with the server's `state=` (the unsaved edits).
   Served from the app's own origin, so the Content-Security-Policy allows it. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    bizcase: Object.assign({}, (window.dash_clientside || {}).bizcase, {
        shareLink: function (token) {
            if (!token) {
                return [window.dash_clientside.no_update, window.dash_clientside.no_update];
            }
            var url = new URL(window.location.href);
            url.searchParams.delete("state");
            if (token.state) {
                url.searchParams.set("state", token.state);
            }
            return [url.toString(), token.note];
        }
    })
});
