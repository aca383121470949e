// SPDX-License-Identifier: GPL-2.0
/*
 * ptbench's own systemd unit: a simple service, wanted by
 * multi-user.target and ordered after it, that runs "ptbench ab step
 * --state DIR" once the machine is up after each boot of the plan: the
 * measurement starts when the boot's own work is done, and the boot is
 * not held "starting" for the hour a config may take. It is the only thing ptbench
 * ab adds to the system; the boot loader and its default entry are never
 * touched, so a kernel that dies comes back through firmware to the
 * kernel the plan started on, and the step there records the failure.
 * PTBENCH_AB_UNIT_DIR moves the unit elsewhere (the tests' fake root).
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "lib/file.h"
#include "lib/spawn.h"
#include "lib/util.h"
#include "ab.h"

const char *ab_unit_dir(void)
{
	const char *d = getenv("PTBENCH_AB_UNIT_DIR");

	return d && d[0] ? d : "/etc/systemd/system";
}

static void daemon_reload(void)
{
	char *argv[] = { "systemctl", "daemon-reload", NULL };
	struct spawn_opts o = SPAWN_OPTS_INIT;

	if (getenv("PTBENCH_AB_UNIT_DIR"))
		return;
	o.path_search = 1;
	o.err = SPAWN_NULL;
	spawn_run(argv, &o);
}

int ab_unit_install(const struct ab_plan *p, char *why, size_t len)
{
	char unit[PATH_MAX + 64], wants[PATH_MAX + 64], link[PATH_MAX + 128], text[4 * PATH_MAX + 1024];
	int n;

	n = snprintf(text, sizeof(text),
		     "# Written by ptbench ab for plan %s; removed when the plan ends or is aborted.\n"
		     "[Unit]\nDescription=ptbench ab: the next step of plan %s\n"
		     "After=multi-user.target\n"
		     "ConditionPathExists=%s/plan.json\n\n"
		     "[Service]\nType=simple\nEnvironment=PTBENCH_DATADIR=%s\n"
		     "ExecStart=%s ab step --state %s\n"
		     "StandardOutput=journal+console\nStandardError=journal+console\n\n"
		     "[Install]\nWantedBy=multi-user.target\n",
		     p->id, p->id, p->dir, p->datadir, p->self, p->dir);
	if (n < 0 || (size_t)n >= sizeof(text))
		return set_why(why, len, "the unit's paths are too long");
	snprintf(unit, sizeof(unit), "%s/%s", ab_unit_dir(), AB_UNIT);
	snprintf(wants, sizeof(wants), "%s/multi-user.target.wants", ab_unit_dir());
	snprintf(link, sizeof(link), "%s/%s", wants, AB_UNIT);
	if (mkdir_p(wants) || write_file_atomic(unit, text, (size_t)n))
		return set_why(why, len, "%s: %s", unit, strerror(errno));
	unlink(link);
	if (symlink("../" AB_UNIT, link))
		return set_why(why, len, "%s: %s", link, strerror(errno));
	daemon_reload();
	return 0;
}

int ab_unit_remove(char *why, size_t len)
{
	char unit[PATH_MAX + 64], link[PATH_MAX + 128];

	snprintf(unit, sizeof(unit), "%s/%s", ab_unit_dir(), AB_UNIT);
	snprintf(link, sizeof(link), "%s/multi-user.target.wants/%s", ab_unit_dir(), AB_UNIT);
	if ((unlink(link) && errno != ENOENT) || (unlink(unit) && errno != ENOENT))
		return set_why(why, len, "removing %s: %s", unit, strerror(errno));
	daemon_reload();
	return 0;
}
