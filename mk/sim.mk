# sim.mk - the exam-planner simulation: a seeded student revises a 300-card
# deck for 14 days, driven through the real session, under four schedulers.
# Included after the Makefile's own rules, so BUILD, LIBDK, LIBS and CFLAGS
# are set.
#
#   make bench-sim    build $(BUILD)/sim and print the table (SIM_ARGS are
#                     passed on: -s students, -v the planner day by day)

SIM_ARGS ?=

$(BUILD)/sim: tests/bench/sim.c $(LIBDK)
	$(quiet) CCLD $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -MF $(BUILD)/sim.d -o $@ $< $(LIBDK) $(LIBS)

bench-sim: $(BUILD)/sim
	$(BUILD)/sim $(SIM_ARGS)

# make bench prints the exam simulation too.
bench: bench-sim

.PHONY: bench-sim
