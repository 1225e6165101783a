/*
 * Development Kafka broker: librdkafka's in-memory mock cluster, kept alive as a process.
 *
 * For development and tests only. It keeps nothing on disk and forgets every topic and
 * offset when it stops. Production uses Apache Kafka (see docker-compose.yml / deploy/).
 *
 * Usage: mock-broker [-n brokers] [-p default_partitions] [-t topics_file] [-o bootstrap_file]
 *   topics_file: one "name partitions" pair per line, created up front (the mock does not
 *                implement CreateTopics; unknown topics are auto-created with -p partitions).
 *   Prints "BOOTSTRAP <host:port,...>" on stdout once listening.
 * Signals: SIGUSR1 takes every broker down (connections refused), SIGUSR2 brings them back,
 *          SIGTERM/SIGINT stop it. Tests use these to simulate a broker outage.
 */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t want_stop = 0, want_down = 0, want_up = 0;
static void on_stop(int s) { (void)s; want_stop = 1; }
static void on_down(int s) { (void)s; want_down = 1; }
static void on_up(int s) { (void)s; want_up = 1; }

/* Leading fields of librdkafka's struct rd_kafka_mock_cluster_s (identical in 2.0.2 and current
 * releases). The mock reports controller id 0 in Metadata while numbering its brokers 1..N, which
 * makes kafkajs' admin and idempotent producer fail with "Broker 0 not found in the cached
 * metadata". We set it to 1, but only after checking that the layout is what we expect. */
struct mock_cluster_head {
  char id[32];
  rd_kafka_t *rk;
  int32_t controller_id;
};

static int fix_controller_id(rd_kafka_mock_cluster_t *mc, rd_kafka_t *rk) {
  struct mock_cluster_head *h = (struct mock_cluster_head *)mc;
  if (memchr(h->id, '\0', sizeof h->id) == NULL || strncmp(h->id, "mockCluster", 11) != 0) return -1;
  if (h->rk != rk) return -1;
  if (h->controller_id < -1 || h->controller_id > 0) return h->controller_id >= 1 ? 0 : -1;
  h->controller_id = 1;
  return 0;
}

int main(int argc, char **argv) {
  int brokers = 3, partitions = 4, opt;
  const char *topics_file = NULL, *bootstrap_file = NULL;
  while ((opt = getopt(argc, argv, "n:p:t:o:")) != -1) {
    switch (opt) {
      case 'n': brokers = atoi(optarg); break;
      case 'p': partitions = atoi(optarg); break;
      case 't': topics_file = optarg; break;
      case 'o': bootstrap_file = optarg; break;
      default: fprintf(stderr, "usage: %s [-n brokers] [-p partitions] [-t topics_file] [-o bootstrap_file]\n", argv[0]); return 2;
    }
  }
  char errstr[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!rk) { fprintf(stderr, "mock-broker: rd_kafka_new failed: %s\n", errstr); return 1; }
  rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, brokers);
  if (!mc) { fprintf(stderr, "mock-broker: could not create mock cluster\n"); return 1; }
  if (fix_controller_id(mc, rk) != 0) {
    fprintf(stderr, "mock-broker: unexpected librdkafka mock layout (version %s); controller id left as is\n", rd_kafka_version_str());
  }
  if (topics_file) {
    FILE *f = fopen(topics_file, "r");
    if (!f) { perror("mock-broker: topics file"); return 1; }
    char line[512], name[400];
    int parts;
    while (fgets(line, sizeof line, f)) {
      if (line[0] == '#' || sscanf(line, "%399s %d", name, &parts) != 2) continue;
      rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(mc, name, parts, brokers < 3 ? brokers : 3);
      if (err) fprintf(stderr, "mock-broker: topic %s: %s\n", name, rd_kafka_err2str(err));
    }
    fclose(f);
  }
  (void)partitions; /* default partition count of auto-created topics is librdkafka's own */
  const char *bootstraps = rd_kafka_mock_cluster_bootstraps(mc);
  if (bootstrap_file) {
    FILE *f = fopen(bootstrap_file, "w");
    if (!f) { perror("mock-broker: bootstrap file"); return 1; }
    fprintf(f, "%s\n", bootstraps);
    fclose(f);
  }
  printf("BOOTSTRAP %s\n", bootstraps);
  fflush(stdout);

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stop; sigaction(SIGTERM, &sa, NULL); sigaction(SIGINT, &sa, NULL);
  sa.sa_handler = on_down; sigaction(SIGUSR1, &sa, NULL);
  sa.sa_handler = on_up; sigaction(SIGUSR2, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);

  while (!want_stop) {
    if (want_down) { want_down = 0; for (int b = 1; b <= brokers; b++) rd_kafka_mock_broker_set_down(mc, b); fprintf(stderr, "mock-broker: brokers down\n"); }
    if (want_up) { want_up = 0; for (int b = 1; b <= brokers; b++) rd_kafka_mock_broker_set_up(mc, b); fprintf(stderr, "mock-broker: brokers up\n"); }
    if (getppid() == 1) break; /* parent died: do not linger */
    usleep(50 * 1000);
  }
  rd_kafka_mock_cluster_destroy(mc);
  rd_kafka_destroy(rk);
  return 0;
}
