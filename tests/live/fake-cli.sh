# Shared body of the fake aws, az, gcloud and kubectl in bin/ (sourced, not run).
# They stand in for the real CLIs in srgap's live-mode tests. What each one does
# is chosen by an environment variable, per CLI first, then for all of them:
#
#   SRGAP_FAKE_<CLI>_MODE / SRGAP_FAKE_CLI_MODE   (CLI in upper case: AWS, AZ, GCLOUD, KUBECTL)
#     ok         print the recorded output in recorded/<cli>-<command words>.json, exit 0
#     fail       print the CLI's real "not logged in" message on stderr, exit like it does
#     hang       sleep far longer than any test timeout
#     garbage    print an HTML error page (not JSON), exit 0
#     truncated  print the first 60 bytes of the recorded output (broken JSON), exit 0
#     empty      print nothing, exit 0
#   SRGAP_FAKE_CLI_LOG   append "cli arg1 arg2 ..." to this file (to check the argv)

fake_cli() {
	cli=$1
	shift
	here=${0%/bin/*}
	if [ -n "${SRGAP_FAKE_CLI_LOG:-}" ]; then
		printf '%s' "$cli" >>"$SRGAP_FAKE_CLI_LOG"
		for word in "$@"; do printf ' [%s]' "$word" >>"$SRGAP_FAKE_CLI_LOG"; done
		printf '\n' >>"$SRGAP_FAKE_CLI_LOG"
	fi
	case $cli in
	aws) mode=${SRGAP_FAKE_AWS_MODE:-} ;;
	az) mode=${SRGAP_FAKE_AZ_MODE:-} ;;
	gcloud) mode=${SRGAP_FAKE_GCLOUD_MODE:-} ;;
	kubectl) mode=${SRGAP_FAKE_KUBECTL_MODE:-} ;;
	esac
	mode=${mode:-${SRGAP_FAKE_CLI_MODE:-ok}}
	case $cli in
	aws | az) key="$cli-$1-$2" ;;
	gcloud) key="$cli-$1-$2-$3" ;;
	kubectl) key="$cli-$3" ;; # kubectl --context X get|version ...
	esac
	recorded="$here/recorded/$key.json"
	case $mode in
	ok)
		if [ ! -f "$recorded" ]; then
			echo "fake $cli: no recording $key.json" >&2
			exit 2
		fi
		cat "$recorded"
		;;
	fail)
		case $cli in
		aws)
			printf '\nUnable to locate credentials. You can configure credentials by running "aws configure".\n' >&2
			exit 255
			;;
		az)
			echo "ERROR: Please run 'az login' to setup account." >&2
			exit 1
			;;
		gcloud)
			echo "ERROR: (gcloud.$1.$2.$3) You do not currently have an active account selected." >&2
			exit 1
			;;
		kubectl)
			echo "error: context \"$2\" does not exist" >&2
			exit 1
			;;
		esac
		;;
	hang) exec sleep 600 ;;
	garbage)
		printf '<html><body>502 Bad Gateway</body></html>\n'
		;;
	truncated) head -c 60 "$recorded" ;;
	empty) ;;
	*)
		echo "fake $cli: unknown mode '$mode'" >&2
		exit 2
		;;
	esac
}
