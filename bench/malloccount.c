/* placeholder */
int netobs_bench_placeholder(void);
int netobs_bench_placeholder(void) { return 0; }
