/** Picks the screen for a route. */
import type { ClassSummary } from '../../protocol/console.ts';
import type { ConsoleRoute } from './console-routes.ts';
import { useConsole } from './console-context.ts';
import { useConsoleI18n } from './console-i18n.ts';
import { ClassListScreen } from './class-list-screen.tsx';
import { AssignmentListScreen } from './assignment-list-screen.tsx';
import { AssignmentEditorScreen } from './assignment-editor-screen.tsx';
import { FollowScreen } from './follow-screen.tsx';
import { SubmissionScreen } from './submission-screen.tsx';
import { ClassTabletsScreen } from './class-tablets-screen.tsx';
import { GradebookScreen } from './gradebook-screen.tsx';
import { PaperScreen } from './paper-screen.tsx';
import { LessonListScreen } from './lesson-list-screen.tsx';
import { LessonEditorScreen } from './lesson-editor-screen.tsx';
import { UsersScreen } from './admin/users-screen.tsx';
import { ClassesAdminScreen } from './admin/classes-admin-screen.tsx';
import { StudentsAdminScreen } from './admin/students-admin-screen.tsx';
import { RosterImportScreen } from './admin/roster-import-screen.tsx';
import { DevicesAdminScreen } from './admin/devices-admin-screen.tsx';
import { BackupScreen } from './admin/backup-screen.tsx';
import { AuditScreen } from './admin/audit-screen.tsx';
import { LiveScreen } from './live/live-screen.tsx';
import { UpdatesScreen } from './admin/updates-screen.tsx';
import { ScreenTitle } from './console-widgets.tsx';

export function ConsoleScreen(props: { route: ConsoleRoute; currentClass: ClassSummary | null }) {
  const { user } = useConsole();
  const { t } = useConsoleI18n();
  const r = props.route;
  const className = props.currentClass?.name ?? '';
  const isIt = user.role === 'it';
  switch (r.name) {
    case 'classes': return <ClassListScreen />;
    case 'assignments': return <AssignmentListScreen classId={r.classId} className={className} />;
    case 'assignment-new': return <AssignmentEditorScreen classId={r.classId} className={className} assignmentId={null} />;
    case 'assignment-edit': return <AssignmentEditorScreen classId={r.classId} className={className} assignmentId={r.assignmentId} />;
    case 'assignment-follow': return <FollowScreen classId={r.classId} assignmentId={r.assignmentId} />;
    case 'assignment-paper': return <PaperScreen classId={r.classId} assignmentId={r.assignmentId} className={className} />;
    case 'submission': return <SubmissionScreen classId={r.classId} assignmentId={r.assignmentId} submissionId={r.submissionId} />;
    case 'lessons': return <LessonListScreen classId={r.classId} className={className} />;
    case 'lesson-edit': return <LessonEditorScreen classId={r.classId} lessonId={r.lessonId} />;
    case 'tablets': return <ClassTabletsScreen classId={r.classId} className={className} />;
    case 'gradebook': return <GradebookScreen classId={r.classId} className={className} />;
    case 'live': if (!isIt) return <LiveScreen classId={r.classId} className={className} />; break;
    case 'admin-users': if (isIt) return <UsersScreen />; break;
    case 'admin-classes': if (isIt) return <ClassesAdminScreen />; break;
    case 'admin-students': if (isIt) return <StudentsAdminScreen />; break;
    case 'admin-roster': if (isIt) return <RosterImportScreen />; break;
    case 'admin-devices': if (isIt) return <DevicesAdminScreen />; break;
    case 'admin-backup': if (isIt) return <BackupScreen />; break;
    case 'admin-audit': if (isIt) return <AuditScreen />; break;
    case 'admin-updates': if (isIt) return <UpdatesScreen />; break;
    case 'not-found': break;
  }
  return <ScreenTitle>{t('app.notFound')}</ScreenTitle>;
}
