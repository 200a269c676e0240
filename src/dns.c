#include "dns.h"

#include <ares.h>
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

struct mw_dns {
    mw_loop *loop;
    ares_channel channel;      /* made at the first name c-ares must resolve */
    bool ready;                /* channel (and the c-ares library) are initialised */
    char init_error[128];      /* why they could not be, for every query */
    mw_timer_id process_timer; /* drives c-ares' own retransmits and timeouts */
    unsigned pending;          /* c-ares queries whose callback has not run yet */
};

struct mw_dns_query {
    mw_dns *dns;
    mw_dns_cb cb;
    void *data;
    bool answered;      /* cb already called, or cancelled: never call it again */
    bool in_ares;       /* c-ares still owns a callback to us; it frees the query */
    bool starting;      /* inside ares_getaddrinfo(), which may answer at once */
    mw_timer_id timer;  /* deadline, or the deferred answer for names we answer ourselves */
    mw_addr_list local; /* the answer for names we answer ourselves */
    const char *local_err;
};

static void schedule_processing(mw_dns *dns);

static void on_ares_socket(mw_loop *loop, int fd, unsigned events, void *data)
{
    mw_dns *dns = data;
    ares_socket_t rfd = (events & MW_EV_READ) ? fd : ARES_SOCKET_BAD;
    ares_socket_t wfd = (events & MW_EV_WRITE) ? fd : ARES_SOCKET_BAD;
    ares_process_fd(dns->channel, rfd, wfd);
    schedule_processing(dns);
}

static void on_ares_socket_state(void *data, ares_socket_t fd, int readable, int writable)
{
    mw_dns *dns = data;
    if (!readable && !writable) {
        mw_loop_unwatch(dns->loop, fd);
        return;
    }
    unsigned events = (readable ? MW_EV_READ : 0) | (writable ? MW_EV_WRITE : 0);
    mw_loop_watch(dns->loop, fd, events, on_ares_socket, dns);
}

static void on_process_timer(mw_loop *loop, void *data)
{
    mw_dns *dns = data;
    dns->process_timer = 0;
    ares_process_fd(dns->channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
    schedule_processing(dns);
}

static void schedule_processing(mw_dns *dns)
{
    mw_loop_cancel(dns->loop, dns->process_timer);
    dns->process_timer = 0;
    if (dns->pending == 0)
        return;
    struct timeval tv;
    if (!ares_timeout(dns->channel, NULL, &tv))
        return;
    uint64_t ms = (uint64_t)tv.tv_sec * 1000u + (uint64_t)tv.tv_usec / 1000u;
    dns->process_timer = mw_loop_timer(dns->loop, ms, on_process_timer, dns);
}

mw_dns *mw_dns_new(mw_loop *loop, char *err, size_t errlen)
{
    mw_dns *dns = calloc(1, sizeof *dns);
    if (!dns) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    dns->loop = loop;
    return dns;
}

/* c-ares reads resolv.conf, nsswitch.conf and /etc/hosts when it starts: a
 * run whose hosts are all literal or localhost never pays for that. */
static bool channel_ready(mw_dns *dns)
{
    if (dns->ready || dns->init_error[0])
        return dns->ready;
    int rc = ares_library_init(ARES_LIB_INIT_ALL);
    if (rc != ARES_SUCCESS) {
        snprintf(dns->init_error, sizeof dns->init_error, "c-ares: %s", ares_strerror(rc));
        return false;
    }
    struct ares_options opts = { 0 };
    opts.sock_state_cb = on_ares_socket_state;
    opts.sock_state_cb_data = dns;
    opts.timeout = 2000; /* per try, milliseconds with ARES_OPT_TIMEOUTMS */
    opts.tries = 2;
    rc = ares_init_options(&dns->channel, &opts, ARES_OPT_SOCK_STATE_CB | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES);
    if (rc != ARES_SUCCESS) {
        snprintf(dns->init_error, sizeof dns->init_error, "c-ares: %s", ares_strerror(rc));
        ares_library_cleanup();
        return false;
    }
    dns->ready = true;
    return true;
}

void mw_dns_free(mw_dns *dns)
{
    if (!dns)
        return;
    if (dns->ready) {
        ares_destroy(dns->channel); /* runs pending callbacks, which free their queries */
        ares_library_cleanup();
    }
    mw_loop_cancel(dns->loop, dns->process_timer);
    free(dns);
}

static void answer(mw_dns_query *q, const mw_addr_list *addrs, const char *err)
{
    if (q->answered)
        return;
    q->answered = true;
    mw_loop_cancel(q->dns->loop, q->timer);
    q->timer = 0;
    q->cb(q->data, addrs, err);
}

static const char *ares_reason(int status)
{
    switch (status) {
    case ARES_ENOTFOUND:
    case ARES_ENODATA:
    case ARES_ENONAME:
        return "Name or service not known";
    case ARES_ETIMEOUT:
        return "Timed out";
    case ARES_ECONNREFUSED:
    case ARES_ESERVFAIL:
        return "Temporary failure in name resolution";
    default:
        return ares_strerror(status);
    }
}

static void on_local_answer(mw_loop *loop, void *data);

static void on_ares_answer(void *arg, int status, int timeouts, struct ares_addrinfo *res)
{
    mw_dns_query *q = arg;
    q->dns->pending--;
    q->in_ares = false;
    mw_addr_list *list = &q->local;
    for (struct ares_addrinfo_node *n = res ? res->nodes : NULL; n && list->count < MW_MAX_ADDRS; n = n->ai_next) {
        if (n->ai_addrlen > sizeof list->addrs[0].sa)
            continue;
        memcpy(&list->addrs[list->count].sa, n->ai_addr, n->ai_addrlen);
        list->addrs[list->count].len = n->ai_addrlen;
        list->count++;
    }
    if (res)
        ares_freeaddrinfo(res);
    if (status != ARES_SUCCESS || list->count == 0)
        q->local_err = ares_reason(status == ARES_SUCCESS ? ARES_ENODATA : status);
    mw_loop_cancel(q->dns->loop, q->timer);
    q->timer = 0;
    if (q->starting && !q->answered) {
        /* Answered from inside mw_dns_resolve(): defer, so the caller gets
         * its handle before the callback runs. */
        q->timer = mw_loop_timer(q->dns->loop, 0, on_local_answer, q);
        return;
    }
    if (!q->answered)
        answer(q, q->local_err ? NULL : list, q->local_err);
    free(q);
}

static void on_query_deadline(mw_loop *loop, void *data)
{
    mw_dns_query *q = data;
    q->timer = 0;
    answer(q, NULL, "Timed out");
    /* c-ares still owns the query and frees it from on_ares_answer. */
}

static void on_local_answer(mw_loop *loop, void *data)
{
    mw_dns_query *q = data;
    q->timer = 0;
    q->answered = true;
    q->cb(q->data, q->local_err ? NULL : &q->local, q->local_err);
    free(q);
}

static bool host_has_suffix(const char *host, const char *suffix)
{
    size_t h = strlen(host), s = strlen(suffix);
    if (h == s - 1 && strncasecmp(host, suffix + 1, h) == 0)
        return true; /* the bare name: "localhost" for ".localhost" */
    return h > s && strcasecmp(host + h - s, suffix) == 0;
}

static void add_literal(mw_addr_list *list, const char *text, uint16_t port, int family)
{
    mw_addr addr;
    if (mw_addr_from_literal(text, port, &addr) < 0)
        return;
    int af = mw_addr_family(&addr);
    if ((family == 4 && af != AF_INET) || (family == 6 && af != AF_INET6))
        return;
    list->addrs[list->count++] = addr;
}

/* Names answered without a query; returns false when c-ares must be asked. */
static bool answer_locally(mw_dns_query *q, const char *host, uint16_t port, int family)
{
    if (host_has_suffix(host, ".invalid")) {
        q->local_err = "Name or service not known";
        return true;
    }
    if (host_has_suffix(host, ".localhost")) {
        add_literal(&q->local, "::1", port, family);
        add_literal(&q->local, "127.0.0.1", port, family);
    } else {
        if (!mw_addr_is_literal(host))
            return false;
        add_literal(&q->local, host, port, family);
    }
    if (q->local.count == 0)
        q->local_err = family == 4 ? "No IPv4 address for host" : "No IPv6 address for host";
    return true;
}

mw_dns_query *mw_dns_resolve(mw_dns *dns, const char *host, uint16_t port, int family,
                             uint64_t timeout_ms, mw_dns_cb cb, void *data)
{
    mw_dns_query *q = calloc(1, sizeof *q);
    if (!q)
        return NULL;
    q->dns = dns;
    q->cb = cb;
    q->data = data;
    if (!answer_locally(q, host, port, family) && !channel_ready(dns))
        q->local_err = dns->init_error;
    if (q->local_err || q->local.count > 0) { /* answered without a query */
        q->timer = mw_loop_timer(dns->loop, 0, on_local_answer, q);
        return q;
    }
    char service[8];
    snprintf(service, sizeof service, "%u", port);
    struct ares_addrinfo_hints hints = { 0 };
    hints.ai_family = family == 4 ? AF_INET : family == 6 ? AF_INET6 : AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = ARES_AI_NUMERICSERV;
    q->in_ares = true;
    dns->pending++;
    if (timeout_ms)
        q->timer = mw_loop_timer(dns->loop, timeout_ms, on_query_deadline, q);
    q->starting = true;
    ares_getaddrinfo(dns->channel, host, service, &hints, on_ares_answer, q);
    q->starting = false;
    schedule_processing(dns);
    return q;
}

void mw_dns_cancel(mw_dns_query *q)
{
    if (!q)
        return;
    q->answered = true;
    mw_loop_cancel(q->dns->loop, q->timer);
    q->timer = 0;
    if (!q->in_ares)
        free(q);
}
