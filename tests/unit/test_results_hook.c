/* results hook: mw_options.url_done, seen through the public API alone.
 *
 * The library downloads from the fixture server (MW_FIXTURE, set by
 * tests/CMakeLists.txt as for the integration tests) and each result is
 * checked field by field: a success after a redirect, a 404, URLs that do
 * not parse. */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "miniwget/miniwget.h"

/* A copy of one mw_url_result: its strings live only during the call. */
typedef struct kept_result {
    char *url, *final_url, *saved_path, *error;
    int http_status;
    mw_status exit_class;
    bool body_saved;
    int64_t bytes;
    int retries;
} kept_result;

enum { MAX_RESULTS = 8 };

typedef struct run_state {
    kept_result results[MAX_RESULTS];
    size_t count;
    const char *const *urls; /* NULL-terminated */
    size_t next;
} run_state;

static char root_dir[64], save_dir[64];
static pid_t fixture_pid = -1;
static int fixture_port;

static char *copy_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void keep_result(void *data, const mw_url_result *r)
{
    run_state *run = data;
    cr_assert_lt(run->count, MAX_RESULTS, "more results than URLs");
    run->results[run->count++] = (kept_result){
        .url = copy_or_null(r->url),
        .final_url = copy_or_null(r->final_url),
        .saved_path = copy_or_null(r->saved_path),
        .error = copy_or_null(r->error),
        .http_status = r->http_status,
        .exit_class = r->exit_class,
        .body_saved = r->body_saved,
        .bytes = r->bytes,
        .retries = r->retries,
    };
}

static const char *next_listed(void *data)
{
    run_state *run = data;
    const char *url = run->urls[run->next];
    if (url)
        run->next++;
    return url;
}

/* Downloads urls into save_dir and returns the combined status; the
 * results are in run. */
static mw_status download_list(run_state *run, const char *const *urls)
{
    mw_options opts;
    mw_options_init(&opts);
    opts.directory = save_dir;
    opts.hsts = false; /* nothing read or written under $HOME */
    opts.tries = 1;
    opts.url_done = keep_result;
    opts.callback_data = run;
    run->urls = urls;
    char err[256];
    mw_ctx *ctx = mw_ctx_new(&opts, err, sizeof err);
    cr_assert_not_null(ctx, "mw_ctx_new: %s", err);
    mw_status status = mw_download_all(ctx, next_listed, run, 1);
    mw_ctx_free(ctx);
    return status;
}

static void write_file(const char *dir, const char *name, const char *content)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot write %s", path);
    fputs(content, f);
    fclose(f);
}

/* Starts the fixture server over a fresh root holding small.txt. */
static void start_fixture(void)
{
    const char *fixture = getenv("MW_FIXTURE");
    if (!fixture)
        cr_skip_test("MW_FIXTURE is not set: run through ctest");
    strcpy(root_dir, "/tmp/mw-hook-root.XXXXXX");
    strcpy(save_dir, "/tmp/mw-hook-save.XXXXXX");
    cr_assert_not_null(mkdtemp(root_dir));
    cr_assert_not_null(mkdtemp(save_dir));
    write_file(root_dir, "small.txt", "hello\n");
    int out[2];
    cr_assert_eq(pipe(out), 0);
    fixture_pid = fork();
    cr_assert_geq(fixture_pid, 0);
    if (fixture_pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        execl(fixture, fixture, "--root", root_dir, "--family", "4", (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    FILE *port_line = fdopen(out[0], "r");
    cr_assert_eq(fscanf(port_line, "%d", &fixture_port), 1, "the fixture printed no port");
    fclose(port_line);
}

static void remove_tree(const char *dir)
{
    char command[160];
    snprintf(command, sizeof command, "rm -rf '%s'", dir);
    if (system(command) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

static void stop_fixture(void)
{
    if (fixture_pid > 0) {
        kill(fixture_pid, SIGTERM);
        waitpid(fixture_pid, NULL, 0);
        fixture_pid = -1;
    }
    if (root_dir[0])
        remove_tree(root_dir);
    if (save_dir[0])
        remove_tree(save_dir);
}

static void free_results(run_state *run)
{
    for (size_t i = 0; i < run->count; i++) {
        free(run->results[i].url);
        free(run->results[i].final_url);
        free(run->results[i].saved_path);
        free(run->results[i].error);
    }
}

static char *fixture_url(const char *path)
{
    char *url;
    cr_assert_geq(asprintf(&url, "http://127.0.0.1:%d%s", fixture_port, path), 0);
    return url;
}

TestSuite(results_hook, .init = start_fixture, .fini = stop_fixture);

Test(results_hook, a_redirected_success_names_both_urls_and_the_file)
{
    char *given = fixture_url("/redirect/302/small.txt"), *final = fixture_url("/small.txt");
    const char *urls[] = { given, NULL };
    run_state run = { 0 };
    cr_assert_eq(download_list(&run, urls), MW_OK);
    cr_assert_eq(run.count, 1);
    const kept_result *r = &run.results[0];
    cr_assert_str_eq(r->url, given);
    cr_assert_str_eq(r->final_url, final);
    cr_assert_eq(r->http_status, 200);
    cr_assert_eq(r->exit_class, MW_OK);
    char expected_path[128];
    snprintf(expected_path, sizeof expected_path, "%s/small.txt", save_dir);
    cr_assert_not_null(r->saved_path);
    cr_assert_str_eq(r->saved_path, expected_path);
    cr_assert(r->body_saved);
    cr_assert_eq(r->bytes, 6);
    cr_assert_eq(r->retries, 0);
    cr_assert_null(r->error);
    free_results(&run);
    free(given);
    free(final);
}

Test(results_hook, a_404_carries_its_status_and_a_message_and_saves_nothing)
{
    char *given = fixture_url("/status/404");
    const char *urls[] = { given, NULL };
    run_state run = { 0 };
    cr_assert_eq(download_list(&run, urls), MW_ERR_SERVER);
    cr_assert_eq(run.count, 1);
    const kept_result *r = &run.results[0];
    cr_assert_str_eq(r->url, given);
    cr_assert_str_eq(r->final_url, given);
    cr_assert_eq(r->http_status, 404);
    cr_assert_eq(r->exit_class, MW_ERR_SERVER);
    cr_assert_null(r->saved_path);
    cr_assert_not(r->body_saved);
    cr_assert_eq(r->bytes, 0);
    cr_assert_not_null(r->error);
    cr_assert_neq(r->error[0], '\0');
    free_results(&run);
    free(given);
}

Test(results_hook, urls_that_do_not_parse_have_only_their_text_status_and_reason)
{
    char *good = fixture_url("/small.txt");
    const char *urls[] = { "ftp://example.com/x", "http://exa\nmple.com/", good, NULL };
    run_state run = { 0 };
    cr_assert_eq(download_list(&run, urls), MW_ERR_PARSE);
    cr_assert_eq(run.count, 3, "one result per URL, in order");
    const kept_result *scheme = &run.results[0], *injection = &run.results[1];
    cr_assert_str_eq(scheme->url, "ftp://example.com/x");
    cr_assert_eq(scheme->exit_class, MW_ERR_GENERIC);
    cr_assert_str_eq(scheme->error, "Unsupported scheme ‘ftp’.");
    cr_assert_str_eq(injection->url, "http://exa\nmple.com/");
    cr_assert_eq(injection->exit_class, MW_ERR_PARSE);
    cr_assert_str_eq(injection->error, "A URL contains a line break; refusing to send it.");
    for (size_t i = 0; i < 2; i++) {
        const kept_result *r = &run.results[i];
        cr_assert_null(r->final_url);
        cr_assert_null(r->saved_path);
        cr_assert_eq(r->http_status, 0);
        cr_assert_not(r->body_saved);
        cr_assert_eq(r->bytes, 0);
        cr_assert_eq(r->retries, 0);
    }
    cr_assert_str_eq(run.results[2].url, good);
    cr_assert_eq(run.results[2].exit_class, MW_OK);
    free_results(&run);
    free(good);
}
