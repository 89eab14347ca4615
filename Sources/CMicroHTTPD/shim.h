/*
 * shim.h — GNU libmicrohttpd for jailtop's /metrics server, plus what Swift cannot do with it
 * by itself: MHD_start_daemon and MHD_get_connection_info are variadic, and select(2)'s
 * fd_set macros do not import. Imported by exactly one Swift module, JailtopExport.
 *
 * MHD parses HTTP (request line, headers, keep-alive, pipelining, HEAD, Expect, chunked
 * bodies) and enforces the connection limits and the header size limit. One thing it does not
 * do is bound how long a request may take: its connection timeout counts from the last byte
 * received, so a client sending one header byte per second would hold its connection forever.
 * jt_http_serve adds that: every phase of a connection (waiting for a request, receiving it,
 * answering it) must end within the request timeout, or the connection is shut down.
 * Nor does MHD make room when its connection limit is reached: it refuses newcomers, so idle
 * connections could lock every scraper out. jt_http_serve closes the connection that has
 * waited longest for a request instead, whenever more than the configured maximum are open.
 *
 * The server runs MHD in "external select" mode on one thread that jailtop owns: MHD's
 * callbacks and every close of a connection's socket happen on that thread, so shutting
 * down an overdue socket can never hit a descriptor that was closed and reused meanwhile.
 *
 * The library is not linked but loaded when a server is about to start (jt_mhd_open), and its
 * functions are called through the table that returns: every other jailtop command starts
 * without loading it, and with it GnuTLS (Debian's and FreeBSD's builds have HTTPS), whose own
 * start-up was some 2.5 ms of a batch command's 11 ms on Debian.
 */
#ifndef JAILTOP_CMICROHTTPD_SHIM_H
#define JAILTOP_CMICROHTTPD_SHIM_H

#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
/* Debian: libmicrohttpd-dev. FreeBSD: the www/libmicrohttpd port (in /usr/local/include; see Package.swift). */
#include <microhttpd.h>

/* The functions of libmicrohttpd jailtop calls, with the types its header gives them. */
typedef struct jt_mhd {
    __typeof__(MHD_start_daemon) *start_daemon;
    __typeof__(MHD_stop_daemon) *stop_daemon;
    __typeof__(MHD_get_fdset2) *get_fdset2;
    __typeof__(MHD_get_timeout) *get_timeout;
    __typeof__(MHD_run_from_select) *run_from_select;
    __typeof__(MHD_get_connection_info) *get_connection_info;
    __typeof__(MHD_lookup_connection_value) *lookup_connection_value;
#if MHD_VERSION >= 0x00097701
    __typeof__(MHD_create_response_from_buffer_copy) *create_response_copy;
#else
    __typeof__(MHD_create_response_from_buffer) *create_response;
#endif
    __typeof__(MHD_queue_response) *queue_response;
    __typeof__(MHD_destroy_response) *destroy_response;
    __typeof__(MHD_add_response_header) *add_response_header;
} jt_mhd;

/* Loads libmicrohttpd (soname 12 since 0.9.50, Debian's and FreeBSD's) and looks its functions
 * up: a table to free(3), or NULL with the reason in reason[]. The library stays loaded for the
 * life of the process; loading it again finds it loaded. */
static inline jt_mhd *jt_mhd_open(char *reason, size_t reason_size) {
    static const char *const names[] = {"libmicrohttpd.so.12", "libmicrohttpd.so"};
    void *library = NULL;
    char first_error[256] = "";
    for (size_t i = 0; library == NULL && i < sizeof names / sizeof names[0]; i++) {
        library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        const char *error = library == NULL ? dlerror() : NULL;
        if (i == 0 && error != NULL) {
            snprintf(first_error, sizeof first_error, "%s", error);
        }
    }
    if (library == NULL) {
        snprintf(reason, reason_size, "cannot load GNU libmicrohttpd: %s", first_error);
        return NULL;
    }
    jt_mhd *api = (jt_mhd *)calloc(1, sizeof *api);
    if (api == NULL) {
        snprintf(reason, reason_size, "out of memory");
        return NULL;
    }
    /* POSIX's way of storing what dlsym(3) returns in a function pointer. */
#define JT_MHD_LOOKUP(field, symbol)                                                  \
    if ((*(void **)&api->field = dlsym(library, #symbol)) == NULL) {                  \
        snprintf(reason, reason_size, "GNU libmicrohttpd has no %s", #symbol);         \
        free(api);                                                                    \
        return NULL;                                                                  \
    }
    JT_MHD_LOOKUP(start_daemon, MHD_start_daemon)
    JT_MHD_LOOKUP(stop_daemon, MHD_stop_daemon)
    JT_MHD_LOOKUP(get_fdset2, MHD_get_fdset2)
    JT_MHD_LOOKUP(get_timeout, MHD_get_timeout)
    JT_MHD_LOOKUP(run_from_select, MHD_run_from_select)
    JT_MHD_LOOKUP(get_connection_info, MHD_get_connection_info)
    JT_MHD_LOOKUP(lookup_connection_value, MHD_lookup_connection_value)
#if MHD_VERSION >= 0x00097701
    JT_MHD_LOOKUP(create_response_copy, MHD_create_response_from_buffer_copy)
#else
    JT_MHD_LOOKUP(create_response, MHD_create_response_from_buffer)
#endif
    JT_MHD_LOOKUP(queue_response, MHD_queue_response)
    JT_MHD_LOOKUP(destroy_response, MHD_destroy_response)
    JT_MHD_LOOKUP(add_response_header, MHD_add_response_header)
#undef JT_MHD_LOOKUP
    return api;
}

/* Called once per request, when its headers have arrived, on the server's thread. It must
 * queue a response (MHD_queue_response) and return MHD_YES, or return MHD_NO to drop the
 * connection. url is the path with the query string removed. */
typedef enum MHD_Result (*jt_http_handler)(void *context, struct MHD_Connection *connection,
                                           const char *url, const char *method);

/* One open connection and the phase it is in. */
typedef struct {
    int fd;             /* -1: the slot is free */
    int shut;           /* shutdown(2) already done: overdue, or closed to make room */
    int idle;           /* waiting for a request: since it opened or its last request ended, until
                           the access handler first sees the next (a request whose headers are
                           still arriving counts as idle: MHD does not tell) */
    double phase_start; /* monotonic seconds when the current phase began */
    size_t body_bytes;  /* of the current request's body, which is dropped */
} jt_http_slot;

/* Connections MHD admits beyond the configured maximum. MHD refuses a connection over its limit
 * before anyone is told of it, so its limit is set this much higher: a newcomer is admitted and
 * an idle connection closed for it. MHD accepts one connection per round and a connection shut
 * down is closed in the next, so a few spare slots are enough. */
#define JT_HTTP_SPARE_SLOTS 16

/* A running server: the MHD daemon, its connections' deadlines, and the pipe that wakes
 * jt_http_serve to return. */
typedef struct {
    jt_mhd api;
    struct MHD_Daemon *daemon;
    jt_http_handler handler;
    void *context;
    int wake[2];
    double request_timeout;
    size_t max_body;
    unsigned max_open;   /* the configured maximum: beyond it, idle connections are closed */
    unsigned slot_count; /* max_open + JT_HTTP_SPARE_SLOTS */
    unsigned open; /* read from other threads with jt_http_open_connections */
    jt_http_slot *slots;
} jt_http_server;

static inline double jt_http_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline int jt_http_set_flags(int fd, int nonblocking) {
    int fdflags = fcntl(fd, F_GETFD);
    if (fdflags < 0 || fcntl(fd, F_SETFD, fdflags | FD_CLOEXEC) != 0) {
        return -1;
    }
    if (nonblocking) {
        int flags = fcntl(fd, F_GETFL);
        if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) {
            return -1;
        }
    }
    return 0;
}

/* A listening TCP socket on host:port (a name or a numeric address; port 0 picks a free
 * one), or -1 with the reason in reason[]. */
static inline int jt_http_listen(const char *host, int port, int backlog, char *reason, size_t reason_size) {
    struct addrinfo hints, *found = NULL, *ai;
    char service[16];
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    snprintf(service, sizeof service, "%d", port);
    int rc = getaddrinfo(host, service, &hints, &found);
    if (rc != 0) {
        snprintf(reason, reason_size, "%s", gai_strerror(rc));
        return -1;
    }
    int last_errno = EADDRNOTAVAIL;
    for (ai = found; ai != NULL; ai = ai->ai_next) {
        int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd < 0) {
            last_errno = errno;
            continue;
        }
        int on = 1, off = 0;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        /* [::] means every address, IPv4 too, on FreeBSD as on Linux: FreeBSD's default is
         * IPv6 only (net.inet6.ip6.v6only=1, sys/netinet6/in6_proto.c). */
        if (ai->ai_family == AF_INET6) {
            setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
        }
        if (jt_http_set_flags(fd, 1) == 0 && bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, backlog) == 0) {
            freeaddrinfo(found);
            return fd;
        }
        last_errno = errno;
        close(fd);
    }
    freeaddrinfo(found);
    snprintf(reason, reason_size, "%s", strerror(last_errno));
    return -1;
}

/* 1 when a socket is bound to a loopback address (127/8, ::1, or 127/8 mapped into IPv6),
 * 0 when it is reachable from elsewhere (a wildcard or another address), -1 if unknown. */
static inline int jt_http_bound_to_loopback(int fd) {
    struct sockaddr_storage address;
    socklen_t length = sizeof address;
    if (getsockname(fd, (struct sockaddr *)&address, &length) != 0) {
        return -1;
    }
    if (address.ss_family == AF_INET) {
        return (ntohl(((struct sockaddr_in *)&address)->sin_addr.s_addr) >> 24) == 127;
    }
    if (address.ss_family == AF_INET6) {
        const struct in6_addr *a = &((struct sockaddr_in6 *)&address)->sin6_addr;
        return IN6_IS_ADDR_LOOPBACK(a) || (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
    }
    return -1;
}

/* The port a socket is bound to, or -1. */
static inline int jt_http_bound_port(int fd) {
    struct sockaddr_storage address;
    socklen_t length = sizeof address;
    if (getsockname(fd, (struct sockaddr *)&address, &length) != 0) {
        return -1;
    }
    if (address.ss_family == AF_INET) {
        return ntohs(((struct sockaddr_in *)&address)->sin_port);
    }
    if (address.ss_family == AF_INET6) {
        return ntohs(((struct sockaddr_in6 *)&address)->sin6_port);
    }
    return -1;
}

static inline jt_http_slot *jt_http_slot_of(const jt_http_server *server, struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info = server->api.get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info == NULL ? NULL : (jt_http_slot *)info->socket_context;
}

/* A connection opened or closed: give it a slot (MHD enforces the connection limit before
 * this is called, and there is a slot for every connection it admits), or free its slot. */
static void jt_http_on_connection(void *cls, struct MHD_Connection *connection, void **socket_context,
                                  enum MHD_ConnectionNotificationCode code) {
    jt_http_server *server = (jt_http_server *)cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *info = server->api.get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
        for (unsigned i = 0; info != NULL && i < server->slot_count; i++) {
            jt_http_slot *slot = &server->slots[i];
            if (slot->fd < 0) {
                slot->fd = info->connect_fd;
                slot->shut = 0;
                slot->idle = 1;
                slot->phase_start = jt_http_now();
                *socket_context = slot;
                __atomic_add_fetch(&server->open, 1, __ATOMIC_RELAXED);
                return;
            }
        }
        *socket_context = NULL;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context != NULL) {
        jt_http_slot *slot = (jt_http_slot *)*socket_context;
        slot->fd = -1;
        *socket_context = NULL;
        __atomic_sub_fetch(&server->open, 1, __ATOMIC_RELAXED);
    }
}

/* A request was answered (or abandoned): the connection now waits for the next one. */
static void jt_http_on_completed(void *cls, struct MHD_Connection *connection, void **request_context,
                                 enum MHD_RequestTerminationCode code) {
    (void)request_context;
    (void)code;
    jt_http_slot *slot = jt_http_slot_of((const jt_http_server *)cls, connection);
    if (slot != NULL) {
        slot->idle = 1;
        slot->phase_start = jt_http_now();
    }
}

/* MHD's access handler. The first call for a request has its headers; MHD answers it with
 * "100 Continue" if asked and then passes its body in further calls; the last call (no data)
 * ends it. A response queued before that last call makes MHD close the connection after it,
 * so the handler runs at the end, unless the body outgrows max_body: then it runs at once
 * and the connection ends with its answer. No route reads a body; it is counted and dropped. */
static enum MHD_Result jt_http_on_request(void *cls, struct MHD_Connection *connection, const char *url,
                                          const char *method, const char *version, const char *upload_data,
                                          size_t *upload_data_size, void **request_context) {
    jt_http_server *server = (jt_http_server *)cls;
    jt_http_slot *slot = jt_http_slot_of(server, connection);
    (void)version;
    (void)upload_data;
    if (*request_context == NULL) {
        *request_context = server;
        if (slot != NULL) {
            slot->idle = 0;
            slot->phase_start = jt_http_now();
            slot->body_bytes = 0;
        }
        return MHD_YES;
    }
    if (*request_context == (void *)connection) {
        *upload_data_size = 0; /* answered already: the rest of an oversized body */
        return MHD_YES;
    }
    if (*upload_data_size != 0) {
        size_t received = *upload_data_size;
        *upload_data_size = 0;
        if (slot == NULL || (slot->body_bytes += received) <= server->max_body) {
            return MHD_YES;
        }
    }
    *request_context = (void *)connection;
    return server->handler(server->context, connection, url, method);
}

/* Starts MHD (the functions of api, which the server copies) on a listening socket (which it
 * then owns). Nothing is served until jt_http_serve runs. NULL if MHD refused; the socket is
 * closed then. Beyond max_connections open at once, the connection idle longest is closed (see
 * jt_http_make_room). */
static inline jt_http_server *jt_http_start(const jt_mhd *api, int listen_fd, unsigned max_connections, unsigned per_client_limit,
                                            double request_timeout, size_t header_memory_limit, size_t max_body,
                                            jt_http_handler handler, void *context) {
    jt_http_server *server = (jt_http_server *)calloc(1, sizeof *server);
    if (server == NULL) {
        close(listen_fd);
        return NULL;
    }
    unsigned slot_count = max_connections + JT_HTTP_SPARE_SLOTS;
    server->slots = (jt_http_slot *)calloc(slot_count, sizeof *server->slots);
    if (server->slots == NULL || pipe(server->wake) != 0) {
        free(server->slots);
        free(server);
        close(listen_fd);
        return NULL;
    }
    jt_http_set_flags(server->wake[0], 1);
    jt_http_set_flags(server->wake[1], 1);
    for (unsigned i = 0; i < slot_count; i++) {
        server->slots[i].fd = -1;
    }
    server->api = *api;
    server->max_open = max_connections;
    server->slot_count = slot_count;
    server->handler = handler;
    server->context = context;
    server->request_timeout = request_timeout;
    server->max_body = max_body;
    /* MHD's own timeout counts from the last byte; ours (above) from the start of a phase. */
    unsigned idle_seconds = request_timeout < 1 ? 1 : (unsigned)(request_timeout + 0.999);
    server->daemon = server->api.start_daemon(
        MHD_NO_FLAG, 0, NULL, NULL, &jt_http_on_request, server,
        MHD_OPTION_LISTEN_SOCKET, (MHD_socket)listen_fd,
        MHD_OPTION_CONNECTION_LIMIT, slot_count,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_client_limit,
        MHD_OPTION_CONNECTION_TIMEOUT, idle_seconds,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, header_memory_limit,
        MHD_OPTION_NOTIFY_CONNECTION, &jt_http_on_connection, server,
        MHD_OPTION_NOTIFY_COMPLETED, &jt_http_on_completed, server,
        MHD_OPTION_END);
    if (server->daemon == NULL) {
        close(server->wake[0]);
        close(server->wake[1]);
        free(server->slots);
        free(server);
        close(listen_fd);
        return NULL;
    }
    return server;
}

/* More than max_open connections open: shut down the one that has waited longest for a
 * request, until max_open are left. A connection whose request is being answered is never
 * closed for this, so when every other one is busy the newcomer (idle, and the most recent)
 * is the one closed, at once. Shut down on the serving thread, as overdue ones are. */
static inline void jt_http_make_room(jt_http_server *server) {
    for (;;) {
        unsigned live = 0;
        jt_http_slot *longest_idle = NULL;
        for (unsigned i = 0; i < server->slot_count; i++) {
            jt_http_slot *slot = &server->slots[i];
            if (slot->fd < 0 || slot->shut) {
                continue;
            }
            live++;
            if (slot->idle && (longest_idle == NULL || slot->phase_start < longest_idle->phase_start)) {
                longest_idle = slot;
            }
        }
        if (live <= server->max_open || longest_idle == NULL) {
            return;
        }
        shutdown(longest_idle->fd, SHUT_RDWR);
        longest_idle->shut = 1;
    }
}

/* Serves until jt_http_wake is called; returns 0 then, or an errno if waiting failed. */
static inline int jt_http_serve(jt_http_server *server) {
    for (;;) {
        fd_set readable, writable, failed;
        MHD_socket max_fd = -1;
        FD_ZERO(&readable);
        FD_ZERO(&writable);
        FD_ZERO(&failed);
        if (server->api.get_fdset2(server->daemon, &readable, &writable, &failed, &max_fd, FD_SETSIZE) != MHD_YES) {
            return EMFILE; /* a descriptor beyond FD_SETSIZE */
        }
        FD_SET(server->wake[0], &readable);
        if (server->wake[0] > max_fd) {
            max_fd = server->wake[0];
        }
        /* Sleep until MHD has work to do or the nearest deadline, whichever comes first. */
        double wait = -1;
        MHD_UNSIGNED_LONG_LONG mhd_ms = 0;
        if (server->api.get_timeout(server->daemon, &mhd_ms) == MHD_YES) {
            wait = (double)mhd_ms / 1000.0;
        }
        double now = jt_http_now();
        for (unsigned i = 0; i < server->slot_count; i++) {
            jt_http_slot *slot = &server->slots[i];
            if (slot->fd >= 0 && !slot->shut) {
                double left = slot->phase_start + server->request_timeout - now;
                if (left < 0) {
                    left = 0;
                }
                if (wait < 0 || left < wait) {
                    wait = left;
                }
            }
        }
        struct timeval timeout, *timeout_pointer = NULL;
        if (wait >= 0) {
            timeout.tv_sec = (time_t)wait;
            timeout.tv_usec = (suseconds_t)((wait - (double)timeout.tv_sec) * 1e6) + 1;
            timeout_pointer = &timeout;
        }
        int ready = select(max_fd + 1, &readable, &writable, &failed, timeout_pointer);
        if (ready < 0) {
            if (errno == EINTR) {
                continue;
            }
            return errno;
        }
        if (FD_ISSET(server->wake[0], &readable)) {
            return 0;
        }
        server->api.run_from_select(server->daemon, &readable, &writable, &failed);
        jt_http_make_room(server);
        /* Overdue connections: shutdown(2) makes MHD see the end of the stream and close
         * the socket itself, on this thread, in the next round. */
        now = jt_http_now();
        for (unsigned i = 0; i < server->slot_count; i++) {
            jt_http_slot *slot = &server->slots[i];
            if (slot->fd >= 0 && !slot->shut && now - slot->phase_start >= server->request_timeout) {
                shutdown(slot->fd, SHUT_RDWR);
                slot->shut = 1;
            }
        }
    }
}

/* Makes jt_http_serve return. Safe from any thread and from a signal handler. */
static inline void jt_http_wake(jt_http_server *server) {
    char byte = 1;
    ssize_t written = write(server->wake[1], &byte, 1);
    (void)written; /* a full pipe already wakes it */
}

/* Stops MHD (closing the listening socket and every connection) and frees the server.
 * Call after jt_http_serve has returned, or before it ever ran. */
static inline void jt_http_stop(jt_http_server *server) {
    server->api.stop_daemon(server->daemon);
    close(server->wake[0]);
    close(server->wake[1]);
    free(server->slots);
    free(server);
}

/* Connections open now, from any thread. */
static inline unsigned jt_http_open_connections(jt_http_server *server) {
    return __atomic_load_n(&server->open, __ATOMIC_RELAXED);
}

/* A response with its own copy of the bytes. MHD 0.9.77 split the memory modes into
 * functions of their own; older versions (Debian 12 has 0.9.75) only have the mode. */
static inline struct MHD_Response *jt_http_response_copy(const jt_mhd *api, const void *bytes, size_t size) {
#if MHD_VERSION >= 0x00097701
    return api->create_response_copy(size, bytes);
#else
    return api->create_response(size, (void *)bytes, MHD_RESPMEM_MUST_COPY);
#endif
}

/* MHD_add_response_header, MHD_queue_response, MHD_destroy_response through the table. */
static inline enum MHD_Result jt_http_add_header(const jt_mhd *api, struct MHD_Response *response, const char *name,
                                                 const char *value) {
    return api->add_response_header(response, name, value);
}

static inline enum MHD_Result jt_http_queue(const jt_mhd *api, struct MHD_Connection *connection, unsigned int status,
                                            struct MHD_Response *response) {
    return api->queue_response(connection, status, response);
}

static inline void jt_http_destroy_response(const jt_mhd *api, struct MHD_Response *response) {
    api->destroy_response(response);
}

/* The client's address as text, the key of jailtop's back-off after failed logins, into out
 * (64 bytes is enough): IPv4 as is, also when it arrives mapped into IPv6 on a [::] socket, and
 * IPv6 as its /64 prefix ("2001:db8:1:2::/64"), as one host is commonly given a whole /64.
 * 0, or -1 when the address is unknown or out is too small. */
static inline int jt_http_client_key(const jt_mhd *api, struct MHD_Connection *connection, char *out, size_t size) {
    const union MHD_ConnectionInfo *info = api->get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (info == NULL || info->client_addr == NULL) {
        return -1;
    }
    if (info->client_addr->sa_family == AF_INET) {
        const struct sockaddr_in *v4 = (const struct sockaddr_in *)info->client_addr;
        return inet_ntop(AF_INET, &v4->sin_addr, out, (socklen_t)size) == NULL ? -1 : 0;
    }
    if (info->client_addr->sa_family == AF_INET6) {
        struct in6_addr a = ((const struct sockaddr_in6 *)info->client_addr)->sin6_addr;
        if (IN6_IS_ADDR_V4MAPPED(&a)) {
            return inet_ntop(AF_INET, &a.s6_addr[12], out, (socklen_t)size) == NULL ? -1 : 0;
        }
        memset(&a.s6_addr[8], 0, 8);
        if (inet_ntop(AF_INET6, &a, out, (socklen_t)size) == NULL) {
            return -1;
        }
        size_t used = strlen(out);
        return snprintf(out + used, size - used, "/64") < (int)(size - used) ? 0 : -1;
    }
    return -1;
}

/* A request header's value, or NULL. */
static inline const char *jt_http_header(const jt_mhd *api, struct MHD_Connection *connection, const char *name) {
    return api->lookup_connection_value(connection, MHD_HEADER_KIND, name);
}

#endif
