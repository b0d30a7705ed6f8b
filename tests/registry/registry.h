/* t610: registration functions and the calls through what they store. */
typedef void (*handler_fn)(void);

struct timer {
	int expires;
	void (*function)(void *);
	void *data;
};

struct holder {
	struct timer tm;
	int n;
};

struct ops {
	int (*cmp)(int, int);
};
extern struct ops my_ops;

void *reg_alloc(unsigned long n);
void open_handler(int nr, handler_fn fn);
void run_handlers(unsigned long pending);
void init_timer(struct timer *t, void (*fn)(void *), void *data);
void timer_action(struct timer *t);
void set_idle_hook(void (*fn)(int));
void idle_loop(int x);
void apply(handler_fn fn);
void check_active(struct holder *h, void (*notify)(int));
