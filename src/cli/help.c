/* --help and --man, generated from the option table (options.c), so the
 * two never disagree with what the parser accepts; and --version. */
#include <stdio.h>

#include "options.h"
#include "parity.h"
#include "results.h"

void cli_print_help(void)
{
    printf("mini-wget %s, a non-interactive network retriever.\n"
           "Usage: mini-wget [OPTION]... [URL]...\n\n"
           "Mandatory arguments to long options are mandatory for short options too.\n\n",
           mw_version());
    cli_option_doc doc;
    for (size_t i = 0; cli_option_row(i, &doc); i++) {
        const cli_option_doc *o = &doc;
        char left[64];
        int n = 0;
        char short_part[8] = "";
        if (o->short_name)
            snprintf(short_part, sizeof short_part, "-%s,", o->short_name);
        n = snprintf(left, sizeof left, "  %-4s --%s", short_part, o->long_name);
        if (o->arg_name && n > 0 && (size_t)n < sizeof left)
            snprintf(left + n, sizeof left - (size_t)n, "=%s", o->arg_name);
        printf("%-34s %s\n", left, o->help);
    }
    printf("\nEvery on/off option also takes its opposite form: --no-NAME, or NAME without its\n"
           "leading no- (--no-content-disposition, --check-certificate).\n"
           "FTP options are accepted so that wget command lines keep working; they have no effect.\n");
    printf("\nExit status: 0 success, 1 generic error, 2 parse error, 3 file I/O error,\n"
           "4 network failure, 5 TLS verification failure, 6 authentication failure,\n"
           "7 protocol error, 8 server error response.\n");
}

/* Writes text for roff: '-' as "\-" and a leading '.' or '\'' escaped. */
static void roff_text(const char *text)
{
    if (*text == '.' || *text == '\'')
        fputs("\\&", stdout);
    for (; *text; text++) {
        if (*text == '-' || *text == '\\')
            putchar('\\');
        putchar(*text);
    }
}

void cli_print_man(void)
{
    printf(".TH MINI-WGET 1 \"\" \"mini-wget %s\" \"User Commands\"\n", mw_version());
    printf(".SH NAME\nmini\\-wget \\- a wget\\-compatible non\\-interactive HTTP(S) downloader\n");
    printf(".SH SYNOPSIS\n.B mini\\-wget\n[\\fIOPTION\\fR]... [\\fIURL\\fR]...\n");
    printf(".SH DESCRIPTION\n"
           "\\fBmini\\-wget\\fR downloads each URL to a file named as GNU wget names it, with wget's\n"
           "messages and exit statuses, over HTTP/1.1 or HTTP/2, plain or TLS, through one non\\-blocking event loop.\n"
           "A body cut short is an error, never a file passed off as complete; partial files are\n"
           "marked with the extended attribute \\fBuser.mini\\-wget.incomplete\\fR and can be\n"
           "finished with \\fB\\-c\\fR, which resumes only the same version of the file\n"
           "(If\\-Range with the validator kept in \\fBuser.mini\\-wget.validator\\fR).\n");
    printf(".SH OPTIONS\n");
    cli_option_doc doc;
    for (size_t i = 0; cli_option_row(i, &doc); i++) {
        const cli_option_doc *o = &doc;
        printf(".TP\n");
        if (o->short_name) {
            printf("\\fB\\-");
            roff_text(o->short_name);
            printf("\\fR, ");
        }
        printf("\\fB\\-\\-");
        roff_text(o->long_name);
        printf("\\fR");
        if (o->arg_name) {
            printf("=\\fI");
            roff_text(o->arg_name);
            printf("\\fR");
        }
        putchar('\n');
        roff_text(o->help);
        putchar('\n');
    }
    printf(".PP\nEvery on/off option also takes its opposite form: \\fB\\-\\-no\\-\\fR\\fINAME\\fR, or \\fINAME\\fR\n"
           "without its leading \\fBno\\-\\fR (\\fB\\-\\-no\\-content\\-disposition\\fR, \\fB\\-\\-check\\-certificate\\fR).\n"
           "FTP options are accepted so that wget command lines keep working; they have no effect.\n");
    printf(".SH EXIT STATUS\n"
           "0 success, 1 generic error (bad URL, unsupported scheme), 2 command\\-line parse error,\n"
           "3 file I/O error, 4 network failure (also a body cut short), 5 TLS verification failure,\n"
           "6 authentication failure, 7 protocol error (malformed response), 8 the server answered\n"
           "with an error. With several URLs the lowest non\\-zero status other than 1 wins, as in wget.\n");
    printf(".SH GUARANTEES\n"
           "Exit status 0 means every byte the server announced, decoded whole, under the name\n"
           "reported, in a file not marked incomplete.\n"
           ".PP\n"
           "A partial file carries \\fBuser.mini\\-wget.incomplete\\fR=\\fIVALID\\fR/\\fIEXPECTED\\fR:\n"
           "the bytes known good from the start (\\fB*\\fR: all of the file's, as nothing is sized\n"
           "ahead) and the full length (\\fBunknown\\fR when not given). It is set when the file is\n"
           "made and removed once the file is whole, so a kill at any point leaves a file that claims\n"
           "no byte it does not have. SIGINT, SIGTERM and SIGHUP stop cleanly: the file is cut back\n"
           "to its valid bytes and marked, a line says what was kept, and the process dies of the\n"
           "signal; a second signal kills at once.\n"
           ".PP\n"
           "\\fB\\-c\\fR reads the mark before the size and continues from the valid bytes with\n"
           "Range and If\\-Range. A 206 must start there and keep the recorded length and validator,\n"
           "else the file is fetched again from the start; a 416 means complete only when its\n"
           "Content\\-Range length is the local length; a 200 no longer than an unmarked local file\n"
           "leaves that file as it is (\\(lqalready fully retrieved\\(rq, as wget).\n"
           ".PP\n"
           "In a crawl's tree, a file standing where a directory must go (a page saved as \\fId\\fR\n"
           "before \\fId/x.html\\fR came) is moved aside to \\fId.1\\fR; wget deletes it.\n");
    printf(".SH HTTP AS WGET DOES IT\n"
           "Once a host has asked for Basic authentication, later requests to it in the run send\n"
           "it at once. \\fB~/.netrc\\fR fills in what the options leave out: with \\fB\\-\\-user\\fR\n"
           "only, the host entry's password when its login is that user; with \\fB\\-\\-password\\fR\n"
           "only, its login and password. Its \\fBdefault\\fR entry is not used for HTTP.\n"
           ".PP\n"
           "An HSTS policy applies to the port it came from (443 standing for 80), as in wget; RFC\n"
           "6797 would apply it to every port. The file is wget's format, readable by both.\n"
           ".PP\n"
           "\\fBno_proxy\\fR: \\fBexample.com\\fR matches it and its subdomains,\n"
           "\\fB.example.com\\fR its subdomains only.\n"
           ".PP\n"
           "After an error answer or a 304 the connection carries the next request; one whose\n"
           "body has no framing is closed. A 300 with a Location is followed. A gzip file served\n"
           "with Content\\-Encoding gzip (gzip type, or a name ending in .gz or .tgz) is kept as\n"
           "served under \\-\\-compression.\n");
    cli_results_print_man();
    printf(".SH SEE ALSO\n.BR wget (1)\n");
}

void cli_print_version(void)
{
    printf("mini-wget %s built on linux-gnu.\n\n", mw_version());
    printf("%s\n\n", mw_features());
    printf("A wget-compatible HTTP(S) downloader. FTP, WARC and Metalink are not supported.\n");
}
